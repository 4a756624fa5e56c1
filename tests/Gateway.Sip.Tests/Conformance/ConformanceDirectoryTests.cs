namespace Gateway.Sip.Tests.Conformance;

public sealed class ConformanceDirectoryTests
{
    [Fact]
    public void Environment_variable_wins_when_it_points_at_the_messages()
    {
        var real = ConformanceDirectory.Rfc4475;
        Assert.Equal(real, ConformanceDirectory.Locate(real, Path.GetTempPath()));
    }

    [Fact]
    public void Wrong_environment_variable_fails_naming_the_variable()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<DirectoryNotFoundException>(() => ConformanceDirectory.Locate(missing, Path.GetTempPath()));
        Assert.Contains(ConformanceDirectory.EnvironmentVariable, error.Message);
    }

    [Fact]
    public void Outside_any_checkout_fails_with_a_message_saying_what_to_set()
    {
        var empty = Directory.CreateTempSubdirectory("sip-conf-").FullName;
        try
        {
            var error = Assert.Throws<DirectoryNotFoundException>(() => ConformanceDirectory.Locate(null, empty));
            Assert.Contains("shared/conformance/rfc4475", error.Message);
            Assert.Contains(ConformanceDirectory.EnvironmentVariable, error.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}

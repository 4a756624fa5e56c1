namespace Gateway.Sip.Tests.Conformance;

/// <summary>
/// Finds ../shared/conformance/rfc4475 next to the checkout (or next to any folder above it, so git worktrees
/// work too), or the folder named by GATEWAY_CONFORMANCE_DIR.
/// </summary>
internal static class ConformanceDirectory
{
    public const string EnvironmentVariable = "GATEWAY_CONFORMANCE_DIR";

    private static readonly Lazy<string> Located = new(Locate);

    public static string Rfc4475 => Located.Value;

    private static string Locate() => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    internal static string Locate(string? configured, string startDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "EXPECTED.tsv"))
                ? configured
                : throw new DirectoryNotFoundException($"{EnvironmentVariable}={configured} does not hold EXPECTED.tsv.");
        }
        var repoRoot = FindRepoRoot(startDirectory);
        for (var dir = repoRoot; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "rfc4475");
            if (File.Exists(Path.Combine(candidate, "EXPECTED.tsv"))) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"RFC 4475 conformance messages not found: looked for shared/conformance/rfc4475 beside {repoRoot?.FullName ?? startDirectory} " +
            $"and its parents. Set {EnvironmentVariable} to the folder holding EXPECTED.tsv and the *.dat files.");
    }

    private static DirectoryInfo? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmergencyGateway.slnx"))) return dir;
        }
        return null;
    }
}

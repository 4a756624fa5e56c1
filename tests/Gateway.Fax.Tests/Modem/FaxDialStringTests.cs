using Gateway.Fax.Modem;

namespace Gateway.Fax.Tests.Modem;

public sealed class FaxDialStringTests
{
    [Theory]
    [InlineData("0574-4002", "05744002")]
    [InlineData("(0574) 8765 4321", "057487654321")]
    [InlineData("+86.574.1234", "+865741234")]
    public void Separators_people_write_are_dropped_and_the_result_dials(string written, string dialled)
    {
        var number = FaxDialString.Normalize(written);
        Assert.Equal(dialled, number);
        Assert.True(FaxDialString.IsValid(number));
    }

    [Theory]
    [InlineData("0574;ATH")]
    [InlineData("火警")]
    [InlineData("")]
    public void Normalizing_never_lets_other_characters_through(string written) =>
        Assert.False(FaxDialString.IsValid(FaxDialString.Normalize(written)));
}

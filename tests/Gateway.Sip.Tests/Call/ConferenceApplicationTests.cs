using Gateway.Sip.Call.Conference;

namespace Gateway.Sip.Tests.Call;

public sealed class ConferenceApplicationTests
{
    private readonly ConferenceApplication _application = new(new ConferenceRooms());

    [Theory]
    [InlineData(null)]          // meet-me: the called number names the room
    [InlineData("")]
    [InlineData("room1")]
    [InlineData("hotline-12345_b.2")]
    public void Valid_routes_pass(string? argument) => Assert.Null(_application.ValidateArgument(argument));

    [Theory]
    [InlineData("room 1")]
    [InlineData("房间")]
    [InlineData("a/b")]
    public void Room_names_with_other_characters_are_refused_naming_the_room(string argument) =>
        Assert.Contains(argument, _application.ValidateArgument(argument));

    [Fact]
    public void Room_names_longer_than_64_are_refused() => Assert.NotNull(_application.ValidateArgument(new string('r', 65)));

    [Fact]
    public void Name_is_conference() => Assert.Equal("conference", _application.Name);
}

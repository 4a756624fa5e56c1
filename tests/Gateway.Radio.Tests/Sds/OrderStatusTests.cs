using Gateway.Radio.Sds;

namespace Gateway.Radio.Tests.Sds;

public sealed class OrderStatusTests
{
    [Fact]
    public void Default_values_are_valid_and_map_both_ways()
    {
        var map = new OrderStatusMap(new OrderStatusOptions());

        Assert.True(map.TryGetState(32770, out var state));
        Assert.Equal(OrderStatusState.OnScene, state);
        Assert.Equal(32772, map.ValueOf(OrderStatusState.NeedSupport));
        Assert.False(map.TryGetState(1, out _));
    }

    [Fact]
    public void Values_outside_the_user_range_are_reported_by_key()
    {
        var errors = new OrderStatusOptions { OnScene = 100, Completed = 70000 }.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("Radio:StatusValues:OnScene"));
        Assert.Contains(errors, e => e.Contains("Radio:StatusValues:Completed"));
    }

    [Fact]
    public void Duplicate_values_are_reported_and_the_map_refuses_them()
    {
        var options = new OrderStatusOptions { EnRoute = 32768 };

        var error = Assert.Single(options.Validate());
        Assert.Contains("EnRoute", error);
        Assert.Contains("Received", error);
        Assert.Throws<ArgumentException>(() => new OrderStatusMap(options));
    }

    [Theory]
    [InlineData("8002", true, 32770)]
    [InlineData(" ffff ", true, 65535)]
    [InlineData("800", false, 0)]
    [InlineData("80020", false, 0)]
    [InlineData("80G2", false, 0)]
    [InlineData("", false, 0)]
    public void Status_pdu_is_sixteen_bits_of_hex(string hex, bool ok, int value)
    {
        Assert.Equal(ok, SdsStatusDecoder.TryDecodeHex(hex, out var decoded));
        Assert.Equal(value, decoded);
    }
}

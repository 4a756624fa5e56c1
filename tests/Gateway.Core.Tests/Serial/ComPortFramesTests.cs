using Gateway.Core.Serial;
using Gateway.Core.Serial.Rfc2217;

namespace Gateway.Core.Tests.Serial;

public sealed class ComPortFramesTests
{
    [Fact]
    public void Set_baudrate_is_four_bytes_big_endian()
    {
        var frame = new byte[ComPortFrames.MaxFrameLength];

        var length = ComPortFrames.SetBaudRate(frame, 115200);

        Assert.Equal(new byte[] { 255, 250, 44, 1, 0x00, 0x01, 0xC2, 0x00, 255, 240 }, frame[..length]);
    }

    [Fact]
    public void A_value_byte_of_255_is_doubled_inside_the_subnegotiation()
    {
        var frame = new byte[ComPortFrames.MaxFrameLength];

        var length = ComPortFrames.SetBaudRate(frame, 0x0000FFFF);

        Assert.Equal(new byte[] { 255, 250, 44, 1, 0, 0, 255, 255, 255, 255, 255, 240 }, frame[..length]);
    }

    [Fact]
    public void Set_control_rts_on_uses_code_11()
    {
        var frame = new byte[ComPortFrames.MaxFrameLength];

        var length = ComPortFrames.Command(frame, ComPortCodes.SetControl, ComPortCodes.ControlRtsOn);

        Assert.Equal(new byte[] { 255, 250, 44, 5, 11, 255, 240 }, frame[..length]);
    }

    [Theory]
    [InlineData(0x00, ModemInputLines.None)]
    [InlineData(0x10, ModemInputLines.Cts)]
    [InlineData(0x20, ModemInputLines.Dsr)]
    [InlineData(0x40, ModemInputLines.Ri)]
    [InlineData(0x80, ModemInputLines.Dcd)]
    [InlineData(0xBF, ModemInputLines.Cts | ModemInputLines.Dsr | ModemInputLines.Dcd)]
    [InlineData(0x0F, ModemInputLines.None)]
    public void Modem_state_levels_map_to_input_lines_and_deltas_are_ignored(byte state, ModemInputLines expected)
    {
        Assert.Equal(expected, ComPortFrames.ToInputLines(state));
    }

    [Theory]
    [InlineData(SerialParity.None, 1)]
    [InlineData(SerialParity.Odd, 2)]
    [InlineData(SerialParity.Even, 3)]
    [InlineData(SerialParity.Mark, 4)]
    [InlineData(SerialParity.Space, 5)]
    public void Parity_codes_follow_rfc2217(SerialParity parity, byte code)
    {
        Assert.Equal(code, ComPortFrames.ParityCode(parity));
    }
}

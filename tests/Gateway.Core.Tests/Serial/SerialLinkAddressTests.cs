using Gateway.Core.Serial;

namespace Gateway.Core.Tests.Serial;

public sealed class SerialLinkAddressTests
{
    [Fact]
    public void Parses_a_unix_device_path_with_every_line_setting()
    {
        var address = SerialLinkAddress.Parse("serial:///dev/ttyUSB0?baud=9600&parity=even&databits=7&stopbits=2&flow=rtscts");

        Assert.Equal(SerialLinkKind.OsPort, address.Kind);
        Assert.Equal("/dev/ttyUSB0", address.PortName);
        Assert.Equal(
            new SerialLineSettings { BaudRate = 9600, Parity = SerialParity.Even, DataBits = 7, StopBits = SerialStopBits.Two, FlowControl = SerialFlowControl.RtsCts },
            address.Settings);
    }

    [Fact]
    public void Keeps_a_windows_port_name_as_written()
    {
        var address = SerialLinkAddress.Parse("serial://COM3?baud=9600&flow=xonxoff");

        Assert.Equal("COM3", address.PortName);
        Assert.Equal(9600, address.Settings.BaudRate);
        Assert.Equal(SerialFlowControl.XonXoff, address.Settings.FlowControl);
        Assert.Equal("serial://COM3?baud=9600&flow=xonxoff", address.Text);
    }

    [Fact]
    public void Defaults_to_115200_8N1_without_flow_control()
    {
        var address = SerialLinkAddress.Parse("serial:///tmp/ttyA");

        Assert.Equal("/tmp/ttyA", address.PortName);
        Assert.Equal(115200, address.Settings.BaudRate);
        Assert.Equal(8, address.Settings.DataBits);
        Assert.Equal(SerialParity.None, address.Settings.Parity);
        Assert.Equal(SerialStopBits.One, address.Settings.StopBits);
        Assert.Equal(SerialFlowControl.None, address.Settings.FlowControl);
    }

    [Fact]
    public void Parses_raw_tcp_host_and_port()
    {
        var address = SerialLinkAddress.Parse("tcp://127.0.0.1:7001");

        Assert.Equal(SerialLinkKind.RawTcp, address.Kind);
        Assert.Equal("127.0.0.1", address.Host);
        Assert.Equal(7001, address.Port);
    }

    [Fact]
    public void Parses_rfc2217_with_line_settings_and_an_ipv6_host()
    {
        var address = SerialLinkAddress.Parse("rfc2217://[::1]:7002?baud=115200&parity=odd&stopbits=1.5");

        Assert.Equal(SerialLinkKind.Rfc2217, address.Kind);
        Assert.Equal("::1", address.Host);
        Assert.Equal(7002, address.Port);
        Assert.Equal(SerialParity.Odd, address.Settings.Parity);
        Assert.Equal(SerialStopBits.OnePointFive, address.Settings.StopBits);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/dev/ttyUSB0", "no scheme")]
    [InlineData("udp://127.0.0.1:7001", "'udp'")]
    [InlineData("serial://", "needs a port name")]
    [InlineData("tcp://127.0.0.1", "HOST:PORT")]
    [InlineData("tcp://127.0.0.1:0", "port '0'")]
    [InlineData("rfc2217://host:70000", "port '70000'")]
    [InlineData("rfc2217://host:x1", "port 'x1'")]
    [InlineData("serial://COM3?baud=fast", "baud 'fast'")]
    [InlineData("serial://COM3?baud=10", "baud '10'")]
    [InlineData("serial://COM3?parity=purple", "parity 'purple'")]
    [InlineData("serial://COM3?databits=9", "databits '9'")]
    [InlineData("serial://COM3?stopbits=3", "stopbits '3'")]
    [InlineData("serial://COM3?flow=dtrdsr", "flow 'dtrdsr'")]
    [InlineData("serial://COM3?speed=9600", "unknown option 'speed'")]
    [InlineData("serial://COM3?baud=9600&baud=19200", "'baud' is given twice")]
    [InlineData("tcp://127.0.0.1:7001?baud=9600", "not allowed on tcp://")]
    public void Rejects_bad_addresses_naming_the_bad_part(string text, string expectedInMessage)
    {
        Assert.False(SerialLinkAddress.TryParse(text, out var address, out var error));
        Assert.Null(address);
        Assert.Contains(expectedInMessage, error, StringComparison.Ordinal);

        var exception = Assert.Throws<SerialLinkAddressException>(() => SerialLinkAddress.Parse(text));
        Assert.Contains(expectedInMessage, exception.Message, StringComparison.Ordinal);
    }
}

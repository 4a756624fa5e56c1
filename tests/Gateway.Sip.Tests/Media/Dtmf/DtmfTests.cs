using Gateway.Sip.Media.Dtmf;

namespace Gateway.Sip.Tests.Media.Dtmf;

public class DtmfTests
{
    [Fact]
    public void Payload_round_trips()
    {
        var buffer = new byte[4];
        var telephoneEvent = new TelephoneEvent(11, true, 10, 1600);
        Assert.Equal(4, telephoneEvent.Write(buffer));
        Assert.Equal(new byte[] { 11, 0x8A, 0x06, 0x40 }, buffer);
        Assert.True(TelephoneEvent.TryParse(buffer, out var parsed));
        Assert.Equal(telephoneEvent, parsed);
        Assert.Equal('#', parsed.Digit);
        Assert.False(TelephoneEvent.TryParse(buffer.AsSpan(0, 3), out _));
    }

    [Fact]
    public void Sender_train_has_marked_start_updates_and_three_ends()
    {
        var sender = new DtmfSender(TimeSpan.FromMilliseconds(20));
        var train = sender.BuildTrain('5', TimeSpan.FromMilliseconds(100));

        Assert.Equal(4 + 3, train.Count);
        Assert.True(train[0].Marker);
        Assert.All(train.Skip(1), packet => Assert.False(packet.Marker));
        Assert.Equal(new ushort[] { 160, 320, 480, 640, 800, 800, 800 }, train.Select(p => p.Event.Duration));
        Assert.Equal(new[] { false, false, false, false, true, true, true }, train.Select(p => p.IsEnd));
        Assert.All(train, packet => Assert.Equal((byte)5, packet.Event.Event));
    }

    [Fact]
    public void Receiver_reports_each_digit_once_in_order_despite_repeated_end_packets()
    {
        var sender = new DtmfSender(TimeSpan.FromMilliseconds(20));
        var receiver = new DtmfReceiver();
        var digits = new List<DtmfDigit>();
        receiver.DigitReceived += digits.Add;
        var payload = new byte[4];

        uint timestamp = 1000;
        foreach (char digit in "110*#9")
        {
            foreach (var packet in sender.BuildTrain(digit, TimeSpan.FromMilliseconds(80)))
            {
                packet.Event.Write(payload);
                receiver.Process(timestamp, payload);
                receiver.Process(timestamp, payload);     // network duplicate
            }

            timestamp += 1600;
        }

        Assert.Equal("110*#9", new string(digits.Select(d => d.Digit).ToArray()));
        Assert.All(digits, d => Assert.Equal(TimeSpan.FromMilliseconds(80), d.Duration));
    }

    [Fact]
    public void Digit_whose_end_packets_were_lost_is_reported_when_the_next_event_starts()
    {
        var receiver = new DtmfReceiver();
        var digits = new List<char>();
        receiver.DigitReceived += d => digits.Add(d.Digit);
        var payload = new byte[4];

        new TelephoneEvent(1, false, 10, 160).Write(payload);
        receiver.Process(100, payload);
        new TelephoneEvent(2, false, 10, 160).Write(payload);
        receiver.Process(2000, payload);
        new TelephoneEvent(2, true, 10, 320).Write(payload);
        receiver.Process(2000, payload);
        new TelephoneEvent(1, true, 10, 320).Write(payload);
        receiver.Process(100, payload);                 // very late end of the first digit: ignored

        Assert.Equal("12", new string(digits.ToArray()));
    }
}

public class DtmfTransmitterTests
{
    [Fact]
    public void Transmitted_digits_are_received_once_each_and_audio_timestamps_continue()
    {
        var transmitter = new DtmfTransmitter(101, TimeSpan.FromMilliseconds(60));
        var packetizer = new Gateway.Sip.Media.Rtp.RtpPacketizer(5, 1, 1000);
        var receiver = new DtmfReceiver();
        var digits = new List<char>();
        receiver.DigitReceived += d => digits.Add(d.Digit);
        transmitter.Enqueue("12#");
        Assert.Throws<ArgumentException>(() => transmitter.Enqueue("1x"));

        var datagram = new byte[64];
        int packets = 0;
        int length;
        while ((length = transmitter.WriteNext(packetizer, datagram)) > 0)
        {
            Assert.Equal(Gateway.Sip.Media.Rtp.RtpParseError.None, Gateway.Sip.Media.Rtp.RtpPacket.TryParse(datagram.AsSpan(0, length), out var packet));
            Assert.Equal(101, packet.PayloadType);
            receiver.Process(packet.Timestamp, packet.Payload);
            packets++;
        }

        Assert.Equal("12#", new string(digits.ToArray()));
        Assert.Equal(3 * (2 + 3), packets);                         // per digit: 2 updates + 3 ends at 20 ms
        Assert.Equal(1000u + (uint)(packets * 160), packetizer.NextTimestamp);
        Assert.False(transmitter.IsSending);
    }

    [Fact]
    public void Each_queue_keeps_its_own_tone_duration_and_each_digit_is_reported_once_its_ends_went_out()
    {
        var transmitter = new DtmfTransmitter(101, TimeSpan.FromMilliseconds(100));
        var packetizer = new Gateway.Sip.Media.Rtp.RtpPacketizer(5, 1, 0);
        var sent = new List<(char Digit, TimeSpan Duration, int AfterPackets)>();
        int packets = 0;
        transmitter.DigitSent += (digit, duration) => sent.Add((digit, duration, packets + 1));
        transmitter.Enqueue("a", TimeSpan.FromMilliseconds(200));
        transmitter.Enqueue("5");
        Assert.Throws<ArgumentOutOfRangeException>(() => transmitter.Enqueue("1", TimeSpan.FromSeconds(9)));
        Assert.True(transmitter.HasWork);

        var datagram = new byte[64];
        while (transmitter.WriteNext(packetizer, datagram) > 0) packets++;

        // 200 ms: 9 updates + 3 ends; 100 ms: 4 updates + 3 ends. Reported after each digit's last end packet.
        Assert.Equal([('A', TimeSpan.FromMilliseconds(200), 12), ('5', TimeSpan.FromMilliseconds(100), 19)], sent);
        Assert.False(transmitter.HasWork);
    }
}

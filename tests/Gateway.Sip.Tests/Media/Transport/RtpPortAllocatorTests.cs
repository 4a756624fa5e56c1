using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Tests.Media.Transport;

public class RtpPortAllocatorTests
{
    [Fact]
    public void Hands_out_even_ports_with_their_odd_neighbour_inside_the_range()
    {
        var allocator = new RtpPortAllocator(10001, 10010);
        var ports = new List<int>();
        while (allocator.TryAllocate(out int port)) ports.Add(port);

        Assert.Equal(new[] { 10002, 10004, 10006, 10008 }, ports);   // 10010 has no odd partner in range
        Assert.Equal(4, allocator.Capacity);
        Assert.Equal(0, allocator.Available);
    }

    [Fact]
    public void Freed_ports_are_reused_after_the_others()
    {
        var allocator = new RtpPortAllocator(20000, 20005);
        allocator.TryAllocate(out int first);
        allocator.TryAllocate(out int second);
        allocator.Release(first);
        allocator.Release(first);      // double release is ignored

        Assert.True(allocator.TryAllocate(out int third));
        Assert.True(allocator.TryAllocate(out int reused));
        Assert.False(allocator.TryAllocate(out _));
        Assert.Equal(20004, third);
        Assert.Equal(first, reused);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Bad_range_is_rejected_with_the_range_in_the_message()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new RtpPortAllocator(5000, 4000));
        Assert.Contains("5000-4000", exception.Message);
    }
}

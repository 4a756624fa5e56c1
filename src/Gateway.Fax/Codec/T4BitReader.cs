using System.Numerics;

namespace Gateway.Fax.Codec;

/// <summary>
/// Reads T.4 bits in line order from either byte order. Reading past the end yields zero bits, which
/// no code word consists of, so decoding garbage or truncated data stops instead of throwing.
/// </summary>
internal ref struct T4BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _reverse;
    private readonly long _totalBits;
    private long _position;

    public T4BitReader(ReadOnlySpan<byte> data, T4BitOrder order)
    {
        _data = data;
        _reverse = order == T4BitOrder.LsbFirst;
        _totalBits = (long)data.Length << 3;
        _position = 0;
    }

    public readonly bool Exhausted => _position >= _totalBits;

    /// <summary>Next <paramref name="count"/> (≤ 24) bits, right-aligned, without consuming them.</summary>
    public readonly uint Peek(int count) => Window(_position) >> (32 - count);

    public void Skip(int count) => _position += count;

    public uint ReadBit()
    {
        uint bit = Peek(1);
        _position++;
        return bit;
    }

    /// <summary>Zero bits from here to the next 1 bit, or −1 when the data ends first.</summary>
    public readonly long ZerosBeforeNextOne()
    {
        long position = _position;
        while (position < _totalBits)
        {
            uint window = Window(position) >> 8;
            if (window != 0)
            {
                long zeros = position + BitOperations.LeadingZeroCount(window) - 8 - _position;
                return _position + zeros < _totalBits ? zeros : -1;
            }

            position += 24;
        }

        return -1;
    }

    /// <summary>Consumes bits up to and including the next EOL (≥ 11 zeros then a 1); false if none is left.</summary>
    public bool SkipToEndOfLine()
    {
        while (true)
        {
            long zeros = ZerosBeforeNextOne();
            if (zeros < 0)
            {
                _position = _totalBits;
                return false;
            }

            _position += zeros + 1;
            if (zeros >= 11)
            {
                return true;
            }
        }
    }

    // 32 bits starting at a bit position, MSB-aligned; bytes past the end read as zero.
    private readonly uint Window(long position)
    {
        long byteIndex = position >> 3;
        ulong bits = 0;
        for (int i = 0; i < 5; i++)
        {
            long index = byteIndex + i;
            byte value = index < _data.Length ? _data[(int)index] : (byte)0;
            bits = (bits << 8) | (_reverse ? BitReversal.Reverse(value) : value);
        }

        return (uint)(bits >> (8 - (int)(position & 7)));
    }
}

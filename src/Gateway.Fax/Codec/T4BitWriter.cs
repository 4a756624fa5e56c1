using System.Buffers;

namespace Gateway.Fax.Codec;

/// <summary>
/// Appends code words to a growable buffer rented from <see cref="ArrayPool{T}"/>. Bits are gathered
/// MSB-first in a 64-bit accumulator and leave as 32-bit words (bytes bit-reversed for LSB-first).
/// Hot loops work on a <see cref="T4BitCursor"/> taken with <see cref="Open"/>.
/// </summary>
internal sealed class T4BitWriter : IDisposable
{
    private readonly ArrayPool<byte> _pool = ArrayPool<byte>.Shared;
    private byte[] _buffer;
    private int _length;
    private ulong _accumulator;
    private int _pendingBits;
    private bool _reverse;

    public T4BitWriter(int initialCapacity)
    {
        _buffer = _pool.Rent(initialCapacity);
    }

    /// <summary>Bits written since <see cref="Reset"/>.</summary>
    public long BitPosition => ((long)_length << 3) + _pendingBits;

    public void Reset(T4BitOrder order)
    {
        _length = 0;
        _accumulator = 0;
        _pendingBits = 0;
        _reverse = order == T4BitOrder.LsbFirst;
    }

    /// <summary>Makes room for at least <paramref name="bytes"/> more bytes so writes need no growth checks.</summary>
    public void EnsureCapacity(int bytes)
    {
        int needed = _length + bytes + 8;
        if (needed <= _buffer.Length)
        {
            return;
        }

        byte[] larger = _pool.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        _pool.Return(_buffer);
        _buffer = larger;
    }

    public T4BitCursor Open() => new(_buffer, _reverse, _accumulator, _pendingBits, _length);

    public void Close(in T4BitCursor cursor)
    {
        _accumulator = cursor.Accumulator;
        _pendingBits = cursor.PendingBits;
        _length = cursor.Length;
    }

    public void Write(T4Code code)
    {
        T4BitCursor cursor = Open();
        cursor.Write(code);
        Close(cursor);
    }

    public void Write(uint bits, int length)
    {
        T4BitCursor cursor = Open();
        cursor.Write(bits, length);
        Close(cursor);
    }

    public void WriteZeros(int count)
    {
        T4BitCursor cursor = Open();
        while (count > 0)
        {
            int chunk = Math.Min(count, 24);
            cursor.Write(0, chunk);
            count -= chunk;
        }

        Close(cursor);
    }

    /// <summary>Pads the last byte with zero bits and returns everything written.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        if ((_pendingBits & 7) != 0)
        {
            Write(0, 8 - (_pendingBits & 7));
        }

        while (_pendingBits >= 8)
        {
            _pendingBits -= 8;
            byte value = (byte)(_accumulator >> _pendingBits);
            _buffer[_length++] = _reverse ? BitReversal.Reverse(value) : value;
        }

        return new ReadOnlyMemory<byte>(_buffer, 0, _length);
    }

    public void Dispose()
    {
        _pool.Return(_buffer);
        _buffer = [];
    }
}

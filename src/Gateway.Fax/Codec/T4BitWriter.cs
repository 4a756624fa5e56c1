using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.Fax.Codec;

/// <summary>
/// Appends code words to a growable buffer rented from <see cref="ArrayPool{T}"/>. Bits are gathered
/// MSB-first in a 64-bit accumulator; bytes are reversed on the way out when LSB-first is wanted.
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

    /// <summary>Makes room for at least <paramref name="bytes"/> more bytes so writes need no checks.</summary>
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(T4Code code) => Write(code.Bits, code.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(uint bits, int length)
    {
        _accumulator = (_accumulator << length) | bits;
        _pendingBits += length;
        if (_pendingBits >= 32)
        {
            // The oldest 32 pending bits go out as one big-endian word; callers reserved the room.
            _pendingBits -= 32;
            uint word = (uint)(_accumulator >> _pendingBits);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length, 4), _reverse ? ReverseBitsInEachByte(word) : word);
            _length += 4;
        }
    }

    /// <summary>
    /// Writes the MH codes of one line given its changing elements (white run first), runs ≤ 2560.
    /// The hottest loop of the encoder, so the bit state stays in locals while it runs.
    /// </summary>
    public void WriteRunLengths(ReadOnlySpan<int> changes, int width)
    {
        (uint Bits, int Length)[] white = T4CodeTables.WhiteRuns;
        (uint Bits, int Length)[] black = T4CodeTables.BlackRuns;
        ulong accumulator = _accumulator;
        int pending = _pendingBits;
        int length = _length;
        Span<byte> buffer = _buffer;
        bool reverse = _reverse;
        int previous = 0;
        for (int i = 0; i <= changes.Length; i++)
        {
            int position = i < changes.Length ? changes[i] : width;
            (uint bits, int codeLength) = ((i & 1) == 0 ? white : black)[position - previous];
            previous = position;
            accumulator = (accumulator << codeLength) | bits;
            pending += codeLength;
            if (pending >= 32)
            {
                pending -= 32;
                uint word = (uint)(accumulator >> pending);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length, 4), reverse ? ReverseBitsInEachByte(word) : word);
                length += 4;
            }
        }

        _accumulator = accumulator;
        _pendingBits = pending;
        _length = length;
    }

    public void WriteZeros(int count)
    {
        while (count > 0)
        {
            int chunk = Math.Min(count, 24);
            Write(0, chunk);
            count -= chunk;
        }
    }

    /// <summary>Pads the last byte with zero bits and returns everything written.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        if ((_pendingBits & 7) != 0)
        {
            Write(0, 8 - (_pendingBits & 7));
        }

        Drain();
        return new ReadOnlyMemory<byte>(_buffer, 0, _length);
    }

    public void Dispose()
    {
        _pool.Return(_buffer);
        _buffer = [];
    }

    private static uint ReverseBitsInEachByte(uint value)
    {
        value = ((value >> 1) & 0x5555_5555u) | ((value & 0x5555_5555u) << 1);
        value = ((value >> 2) & 0x3333_3333u) | ((value & 0x3333_3333u) << 2);
        return ((value >> 4) & 0x0F0F_0F0Fu) | ((value & 0x0F0F_0F0Fu) << 4);
    }

    private void Drain()
    {
        while (_pendingBits >= 8)
        {
            _pendingBits -= 8;
            byte value = (byte)(_accumulator >> _pendingBits);
            _buffer[_length++] = _reverse ? BitReversal.Reverse(value) : value;
        }
    }
}

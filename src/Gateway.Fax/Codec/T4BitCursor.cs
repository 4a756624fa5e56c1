using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.Fax.Codec;

/// <summary>
/// The bit state of a <see cref="T4BitWriter"/> copied into a local for a hot loop, so the JIT can keep
/// it in registers; hand it back with <see cref="T4BitWriter.Close"/>. The writer's buffer must already
/// have room for everything written through the cursor (see <see cref="T4BitWriter.EnsureCapacity"/>).
/// </summary>
internal ref struct T4BitCursor
{
    private readonly Span<byte> _buffer;
    private readonly bool _reverse;
    private ulong _accumulator;
    private int _pendingBits;
    private int _length;

    public T4BitCursor(Span<byte> buffer, bool reverse, ulong accumulator, int pendingBits, int length)
    {
        _buffer = buffer;
        _reverse = reverse;
        _accumulator = accumulator;
        _pendingBits = pendingBits;
        _length = length;
    }

    public readonly ulong Accumulator => _accumulator;

    public readonly int PendingBits => _pendingBits;

    public readonly int Length => _length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(uint bits, int length)
    {
        _accumulator = (_accumulator << length) | bits;
        _pendingBits += length;
        if (_pendingBits >= 32)
        {
            // The oldest 32 pending bits go out as one big-endian word.
            _pendingBits -= 32;
            uint word = (uint)(_accumulator >> _pendingBits);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(_length, 4), _reverse ? ReverseBitsInEachByte(word) : word);
            _length += 4;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(T4Code code) => Write(code.Bits, code.Length);

    /// <summary>Writes a run with its make-up and terminating codes in one step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteRun(int run, bool black)
    {
        while (run > T4CodeTables.MaxMakeUp)
        {
            // Runs over 2560 (wider than fax pages) repeat the 2560 make-up code (T.4 §4.1.1.4).
            Write((black ? T4CodeTables.BlackMakeUp : T4CodeTables.WhiteMakeUp)[^1]);
            run -= T4CodeTables.MaxMakeUp;
        }

        (uint bits, int length) = (black ? T4CodeTables.BlackRuns : T4CodeTables.WhiteRuns)[run];
        Write(bits, length);
    }

    internal static uint ReverseBitsInEachByte(uint value)
    {
        value = ((value >> 1) & 0x5555_5555u) | ((value & 0x5555_5555u) << 1);
        value = ((value >> 2) & 0x3333_3333u) | ((value & 0x3333_3333u) << 2);
        return ((value >> 4) & 0x0F0F_0F0Fu) | ((value & 0x0F0F_0F0Fu) << 4);
    }
}

using System.Buffers;

namespace Gateway.Core.At;

/// <summary>What <see cref="AtLineReader.Read"/> found next in the input.</summary>
public enum AtLineEvent
{
    /// <summary>The input is used up; a partial line may be pending (see <see cref="AtLineReader.Pending"/>).</summary>
    NeedMoreData,

    /// <summary>A complete, non-empty line.</summary>
    Line,

    /// <summary>A line longer than the limit ended; its bytes were dropped.</summary>
    OverlongLine,

    /// <summary>XON (0x11) from the device.</summary>
    Xon,

    /// <summary>XOFF (0x13) from the device.</summary>
    Xoff,
}

/// <summary>
/// Splits a received byte stream into lines. CR, LF, CRLF, LFCR and runs of them all end a
/// line; blank lines are skipped; XON/XOFF are reported apart and never enter a line. A line
/// longer than the limit is dropped and reported once when it ends. Works on spans over one
/// pooled buffer: nothing is allocated per line, and nothing here throws on any input.
/// </summary>
public sealed class AtLineReader : IDisposable
{
    public const byte XonByte = 0x11;
    public const byte XoffByte = 0x13;

    private static readonly SearchValues<byte> Delimiters = SearchValues.Create([(byte)'\r', (byte)'\n', XonByte, XoffByte]);

    private readonly int _maxLineLength;
    private byte[] _buffer;
    private int _length;
    private bool _overflowed;

    public AtLineReader(int maxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 2);
        _maxLineLength = maxLineLength;
        _buffer = ArrayPool<byte>.Shared.Rent(maxLineLength);
    }

    /// <summary>Bytes of the line received so far without an ending (used to spot the <c>&gt; </c> prompt).</summary>
    public ReadOnlySpan<byte> Pending => _overflowed ? default : _buffer.AsSpan(0, _length);

    /// <summary>
    /// Consumes <paramref name="input"/> up to the next event. For <see cref="AtLineEvent.Line"/>,
    /// <paramref name="line"/> is valid only until the next call.
    /// </summary>
    public AtLineEvent Read(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> line)
    {
        line = default;
        while (!input.IsEmpty)
        {
            int stop = input.IndexOfAny(Delimiters);
            if (stop < 0)
            {
                Append(input);
                input = default;
                return AtLineEvent.NeedMoreData;
            }

            Append(input[..stop]);
            byte delimiter = input[stop];
            input = input[(stop + 1)..];
            switch (delimiter)
            {
                case XonByte:
                    return AtLineEvent.Xon;
                case XoffByte:
                    return AtLineEvent.Xoff;
            }

            if (_overflowed)
            {
                _overflowed = false;
                _length = 0;
                return AtLineEvent.OverlongLine;
            }

            if (_length == 0)
            {
                continue; // blank line, or the second half of CRLF
            }

            line = _buffer.AsSpan(0, _length);
            _length = 0;
            return AtLineEvent.Line;
        }

        return AtLineEvent.NeedMoreData;
    }

    /// <summary>Forgets the partial line (after a prompt was recognised, or on reconnect).</summary>
    public void DiscardPending()
    {
        _length = 0;
        _overflowed = false;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_overflowed || bytes.IsEmpty)
        {
            return;
        }

        if (_length + bytes.Length > _maxLineLength)
        {
            _overflowed = true;
            return;
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }
}

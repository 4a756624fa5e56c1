using System.Buffers;
using System.Globalization;
using System.Text;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Message;

/// <summary>
/// Writes a message as "Name: value" lines with the names and raw values as held (compact names and folding are
/// kept), so an unchanged well-formed message round-trips byte for byte. A missing Content-Length is added.
/// </summary>
public static class SipMessageSerializer
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;
    private static ReadOnlySpan<byte> ColonSpace => ": "u8;

    public static int GetLength(SipMessage message)
    {
        var length = StartLineLength(message) + 2;
        foreach (var header in message.Headers)
        {
            length += header.Name.Length + 2 + header.Value.Length + 2;
        }
        if (!message.Headers.Contains(SipHeaderId.ContentLength)) length += MissingContentLengthSize(message.Body.Length);
        return length + 2 + message.Body.Length;
    }

    public static byte[] ToBytes(SipMessage message)
    {
        var bytes = new byte[GetLength(message)];
        Write(message, bytes);
        return bytes;
    }

    public static void Write(SipMessage message, IBufferWriter<byte> writer)
    {
        var length = GetLength(message);
        Write(message, writer.GetSpan(length));
        writer.Advance(length);
    }

    /// <summary>Writes into <paramref name="destination"/> (at least <see cref="GetLength"/> bytes); returns the bytes written.</summary>
    public static int Write(SipMessage message, Span<byte> destination)
    {
        var position = WriteStartLine(message, destination);
        Crlf.CopyTo(destination[position..]);
        position += 2;
        foreach (var header in message.Headers)
        {
            position += Append(destination, position, header.Name.Span);
            position += Append(destination, position, ColonSpace);
            position += Append(destination, position, header.Value.Span);
            position += Append(destination, position, Crlf);
        }
        if (!message.Headers.Contains(SipHeaderId.ContentLength))
        {
            position += Append(destination, position, "Content-Length: "u8);
            message.Body.Length.TryFormat(destination[position..], out var digits, default, CultureInfo.InvariantCulture);
            position += digits;
            position += Append(destination, position, Crlf);
        }
        position += Append(destination, position, Crlf);
        position += Append(destination, position, message.Body.Span);
        return position;
    }

    private static int MissingContentLengthSize(int bodyLength) => "Content-Length: ".Length + CountDigits(bodyLength) + 2;

    private static int CountDigits(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }

    private static int StartLineLength(SipMessage message) => message switch
    {
        SipRequest request => Encoding.UTF8.GetByteCount(request.Method) + 1 + request.RequestUriBytes.Length + 1 + VersionOf(request).Length,
        SipResponse response => SipMessage.Version20.Length + 4 + 1 + response.ReasonPhraseBytes.Length,
        _ => throw new ArgumentException("Unknown message type", nameof(message)),
    };

    private static int WriteStartLine(SipMessage message, Span<byte> destination)
    {
        if (message is SipRequest request)
        {
            var position = Encoding.UTF8.GetBytes(request.Method, destination);
            destination[position++] = (byte)' ';
            position += Append(destination, position, request.RequestUriBytes.Span);
            destination[position++] = (byte)' ';
            return position + Append(destination, position, VersionOf(request));
        }
        var response = (SipResponse)message;
        var written = Append(destination, 0, "SIP/2.0 "u8);
        response.StatusCode.TryFormat(destination[written..], out var codeDigits, "000", CultureInfo.InvariantCulture);
        written += codeDigits;
        destination[written++] = (byte)' ';
        return written + Append(destination, written, response.ReasonPhraseBytes.Span);
    }

    private static ReadOnlySpan<byte> VersionOf(SipRequest request) => request.VersionBytes.IsEmpty ? "SIP/2.0"u8 : request.VersionBytes.Span;

    private static int Append(Span<byte> destination, int position, ReadOnlySpan<byte> source)
    {
        source.CopyTo(destination[position..]);
        return source.Length;
    }
}

using Gateway.Fax.Imaging;

namespace Gateway.Fax.Modem;

/// <summary>Something that places one fax call: a Class 2.0 modem, or a test double.</summary>
public interface IFaxSender
{
    /// <summary>Calls <paramref name="number"/> and sends the pages; never throws for call failures (see <see cref="FaxSendResult"/>).</summary>
    Task<FaxSendResult> SendAsync(string number, IReadOnlyList<FaxBitmap> pages, FaxResolution pageResolution, CancellationToken cancellationToken = default);
}

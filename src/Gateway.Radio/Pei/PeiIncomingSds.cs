using Gateway.Radio.Sds;
using Microsoft.Extensions.Logging;

namespace Gateway.Radio.Pei;

/// <summary>
/// Handles one received SDS (the <c>+CTSDSR</c> header and its PDU line): status messages are mapped
/// to order states, SDS-REPORTs go to the report tracker, texts are joined when concatenated and
/// raised whole; a text that asks for a receipt raises <see cref="ReceiptRequested"/>.
/// </summary>
internal sealed class PeiIncomingSds(SdsReportTracker reports, SdsConcatenationAssembler assembler, OrderStatusMap? statusMap, ILogger logger)
{
    private const int StatusAiService = 13;

    public event Action<PeiTextEvent>? TextReceived;

    public event Action<PeiStatusEvent>? StatusReceived;

    /// <summary>The sender of a text asked for a "received" report.</summary>
    public event Action<string, SdsTextTransfer>? ReceiptRequested;

    public void Handle(PeiSdsHeader header, string pduLine)
    {
        if (header.AiService == StatusAiService)
        {
            HandleStatus(header, pduLine);
            return;
        }

        var pdu = SdsPduDecoder.DecodeHex(pduLine, header.LengthBits);
        switch (pdu)
        {
            case SdsReport report:
                if (!reports.ApplyReport(report.MessageReference, report.Outcome, report.DeliveryStatus))
                {
                    logger.LogDebug("SDS-REPORT for unknown reference {Reference} from {Source}", report.MessageReference, header.CallingIdentity);
                }

                break;
            case SdsShortReport report:
                reports.ApplyReport(report.MessageReference, report.Outcome, null);
                break;
            case SdsTextTransfer transfer:
                HandleText(header, transfer);
                break;
            case SdsMalformed malformed:
                logger.LogWarning("Malformed SDS from {Source} skipped: {Reason}", header.CallingIdentity, malformed.Reason);
                break;
            default:
                logger.LogDebug("SDS from {Source} not handled: {Pdu}", header.CallingIdentity, pdu);
                break;
        }
    }

    private void HandleStatus(PeiSdsHeader header, string pduLine)
    {
        if (!SdsStatusDecoder.TryDecodeHex(pduLine, out var value))
        {
            logger.LogWarning("Status PDU '{Pdu}' from {Source} is not 16 bits of hex", pduLine, header.CallingIdentity);
            return;
        }

        OrderStatusState? state = statusMap is not null && statusMap.TryGetState(value, out var mapped) ? mapped : null;
        StatusReceived?.Invoke(new PeiStatusEvent(header.CallingIdentity, header.CalledIdentity, value, state));
    }

    private void HandleText(PeiSdsHeader header, SdsTextTransfer transfer)
    {
        if (transfer.ReportRequest is SdsDeliveryReportRequest.Received or SdsDeliveryReportRequest.ReceivedAndConsumed
            && header.CallingIdentity is { } sender)
        {
            ReceiptRequested?.Invoke(sender, transfer);
        }

        var text = transfer.Concatenation is { } part
            ? assembler.Add(header.CallingIdentity ?? string.Empty, part, transfer.Text)
            : transfer.Text;
        if (text is not null)
        {
            TextReceived?.Invoke(new PeiTextEvent(header.CallingIdentity, header.CalledIdentity, text));
        }
    }
}

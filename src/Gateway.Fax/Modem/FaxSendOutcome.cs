namespace Gateway.Fax.Modem;

/// <summary>How one call attempt ended.</summary>
public enum FaxSendOutcome
{
    /// <summary><c>+FHS:00</c> and every page confirmed with MCF.</summary>
    Delivered,
    Busy,
    NoAnswer,

    /// <summary>The carrier dropped (before or in the middle of a page).</summary>
    NoCarrier,
    NoDialtone,

    /// <summary>The modem hung up with a non-zero <c>+FHS</c> code.</summary>
    HangupError,

    /// <summary>The receiver did not confirm a page (<c>+FPS</c> other than 1: RTN, PIN…).</summary>
    PageNotConfirmed,

    /// <summary>The modem held XOFF longer than allowed.</summary>
    FlowControlTimeout,

    /// <summary>The modem did not answer in time, answered ERROR, or the link was lost.</summary>
    ModemFailure,

    /// <summary>Cancelled by the caller (the call was aborted with CAN / <c>AT+FKS</c>).</summary>
    Aborted,
}

namespace Gateway.Simulators.Devices.Fax;

/// <summary>What the simulated modem does wrong on a faulted call (<c>--fax-fault</c>).</summary>
public enum FaxFault
{
    None,

    /// <summary>ATD answers BUSY.</summary>
    Busy,

    /// <summary>ATD answers NO ANSWER.</summary>
    NoAnswer,

    /// <summary>NO CARRIER after part of the first page's data.</summary>
    NoCarrier,

    /// <summary>The first page is answered <c>+FPS:2</c> (RTN: retrain negative, page not confirmed).</summary>
    RetrainNegative,

    /// <summary>XOFF at the start of page data and never XON: the host must give up and abort.</summary>
    XoffHeld,
}

namespace Gateway.Sip.Transaction;

/// <summary>States of the four RFC 3261 §17 machines (plus Accepted from RFC 6026).</summary>
public enum SipTransactionState
{
    Calling,
    Trying,
    Proceeding,
    Accepted,
    Completed,
    Confirmed,
    Terminated,
}

/// <summary>Why a transaction ended, as the TU learns it.</summary>
public enum SipTransactionEnd
{
    /// <summary>Normal end after a final response (and ACK where one is due).</summary>
    Completed,
    /// <summary>Timer B or F (no final response), or timer H (no ACK for our final response).</summary>
    Timeout,
    /// <summary>The transport could not send (RFC 3261 §17.1.4 / §17.2.4).</summary>
    TransportError,
    /// <summary>The layer was disposed.</summary>
    Aborted,
}

namespace Gateway.Core.At;

/// <summary>Base of every failure the AT channel reports.</summary>
public class AtException : Exception
{
    public AtException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The command got no final result within its timeout.</summary>
public sealed class AtTimeoutException : AtException
{
    public AtTimeoutException(string command, TimeSpan timeout, IReadOnlyList<string> linesSoFar)
        : base($"AT command '{command}' got no final result within {timeout.TotalMilliseconds:0} ms")
    {
        Command = command;
        Timeout = timeout;
        LinesSoFar = linesSoFar;
    }

    public string Command { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Intermediate lines received before the timeout, for diagnosis.</summary>
    public IReadOnlyList<string> LinesSoFar { get; }
}

/// <summary>The link closed or failed while a command was pending, or is not open.</summary>
public sealed class AtLinkLostException : AtException
{
    public AtLinkLostException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The device answered with a final result other than OK/CONNECT (thrown by <see cref="AtResponse.EnsureSuccess"/>).</summary>
public sealed class AtCommandFailedException : AtException
{
    public AtCommandFailedException(AtResponse response)
        : base($"AT command '{response.Command}' failed: {response.Result}{(response.Detail.Length > 0 ? " " + response.Detail : string.Empty)}")
    {
        Response = response;
    }

    public AtResponse Response { get; }
}

/// <summary>The device held XOFF longer than allowed during a data phase.</summary>
public sealed class AtFlowControlTimeoutException : AtException
{
    public AtFlowControlTimeoutException(TimeSpan maxHold)
        : base($"device held XOFF for more than {maxHold.TotalMilliseconds:0} ms during the data phase")
    {
        MaxHold = maxHold;
    }

    public TimeSpan MaxHold { get; }
}

/// <summary>The device ended the data phase with a final result (e.g. NO CARRIER) while the host was still sending.</summary>
public sealed class AtDataPhaseEndedException : AtException
{
    public AtDataPhaseEndedException(AtResponse response)
        : base($"device ended the data phase with {response.Result}")
    {
        Response = response;
    }

    public AtResponse Response { get; }
}

namespace Gateway.Core.At;

/// <summary>XON/XOFF state received from the device; writers in a data phase wait on it.</summary>
internal sealed class AtFlowGate
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _resumed = NewCompleted();
    private bool _paused;

    public bool IsPaused
    {
        get
        {
            lock (_gate)
            {
                return _paused;
            }
        }
    }

    /// <summary>Completes when the device allows sending (at once if it does now).</summary>
    public Task WhenResumed
    {
        get
        {
            lock (_gate)
            {
                return _resumed.Task;
            }
        }
    }

    public void Pause()
    {
        lock (_gate)
        {
            if (!_paused)
            {
                _paused = true;
                _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        TaskCompletionSource resumed;
        lock (_gate)
        {
            _paused = false;
            resumed = _resumed;
        }

        resumed.TrySetResult();
    }

    private static TaskCompletionSource NewCompleted()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}

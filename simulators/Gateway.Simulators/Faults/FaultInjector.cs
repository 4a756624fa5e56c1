namespace Gateway.Simulators.Faults;

/// <summary>Applies <see cref="FaultOptions"/> to the device's output and counts commands for the timed faults.</summary>
public sealed class FaultInjector(FaultOptions options)
{
    private readonly Random _random = new(options.Seed);
    private readonly Lock _gate = new();
    private int _commands;
    private bool _closeDone;

    public FaultOptions Options { get; } = options;

    /// <summary>Set by a test or by <see cref="FaultOptions.StopAnsweringAfter"/>: the device ignores everything.</summary>
    public bool Muted { get; set; }

    /// <summary>Counts a command; says what the device must do with it.</summary>
    public CommandFault OnCommand()
    {
        lock (_gate)
        {
            _commands++;
            if (Options.CloseAfterCommands == _commands && !_closeDone)
            {
                _closeDone = true;
                return CommandFault.CloseAndReopen;
            }

            if (Options.StopAnsweringAfter is { } limit && _commands > limit)
            {
                Muted = true;
            }

            return Muted ? CommandFault.Ignore : CommandFault.None;
        }
    }

    /// <summary>Copies <paramref name="data"/> to <paramref name="output"/> minus dropped bytes, with garbled ones; returns the length.</summary>
    public int Apply(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (Options.DropRate <= 0 && Options.GarbleRate <= 0)
        {
            data.CopyTo(output);
            return data.Length;
        }

        var written = 0;
        lock (_gate)
        {
            foreach (var value in data)
            {
                if (_random.NextDouble() < Options.DropRate)
                {
                    continue;
                }

                output[written++] = _random.NextDouble() < Options.GarbleRate ? (byte)_random.Next(256) : value;
            }
        }

        return written;
    }
}

public enum CommandFault
{
    None,
    Ignore,
    CloseAndReopen,
}

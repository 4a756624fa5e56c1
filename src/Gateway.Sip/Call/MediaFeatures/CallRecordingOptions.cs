using Gateway.Sip.Media.Recording;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>Which calls are recorded, where and how.</summary>
public sealed class CallRecordingOptions
{
    /// <summary>Record every answered call (routes can also ask for it one by one).</summary>
    public bool RecordAllCalls { get; init; }

    /// <summary>Folder for the WAV files (a sub-folder per day is created under it).</summary>
    public required string Directory { get; init; }

    public RecordingLayout Layout { get; init; } = RecordingLayout.StereoCallerLeft;
}

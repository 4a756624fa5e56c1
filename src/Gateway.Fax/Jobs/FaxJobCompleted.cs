namespace Gateway.Fax.Jobs;

/// <summary>Raised once per job when it is delivered or given up.</summary>
public sealed record FaxJobCompleted(FaxJob Job)
{
    public bool Delivered => Job.Status == FaxJobStatus.Delivered;
}

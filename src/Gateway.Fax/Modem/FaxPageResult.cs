namespace Gateway.Fax.Modem;

/// <summary>One page's post-page status (<c>+FPS:ppr</c>); only 1 (MCF) confirms the page.</summary>
public readonly record struct FaxPageResult(int PageNumber, int PostPageResponse, int EncodedBytes)
{
    public const int MessageConfirmation = 1;

    public bool IsConfirmed => PostPageResponse == MessageConfirmation;
}

namespace Gateway.IntegrationTests.Media;

/// <summary>The baresip tests run one after the other: two phones and two gateways at once starve a 2-core machine.</summary>
[CollectionDefinition(Name)]
public sealed class BaresipCollection
{
    public const string Name = "baresip";
}

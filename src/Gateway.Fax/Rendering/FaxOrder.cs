namespace Gateway.Fax.Rendering;

/// <summary>What a fax page says: an order from the dispatch centre to a linkage unit.</summary>
/// <param name="Title">Headline, e.g. "火灾 应急联动指令".</param>
/// <param name="OrderNumber">The centre's order number, printed on every page.</param>
/// <param name="Urgency">Urgency as the centre words it, e.g. "特急".</param>
/// <param name="Unit">Receiving unit.</param>
/// <param name="Text">The order itself; may run over several pages. Line breaks are kept.</param>
/// <param name="Location">Where to go.</param>
/// <param name="Contact">Who to call there, with the number.</param>
/// <param name="Time">When the order was given.</param>
/// <param name="Dispatcher">Who gave it.</param>
public sealed record FaxOrder(
    string Title,
    string OrderNumber,
    string Urgency,
    string Unit,
    string Text,
    string Location,
    string Contact,
    DateTimeOffset Time,
    string Dispatcher);

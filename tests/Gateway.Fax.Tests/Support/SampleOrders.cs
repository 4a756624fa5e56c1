using Gateway.Fax.Rendering;

namespace Gateway.Fax.Tests.Support;

internal static class SampleOrders
{
    public static FaxOrder Fire(string? text = null) => new(
        Title: "火灾 应急联动指令",
        OrderNumber: "ZS-2026-001234",
        Urgency: "特急",
        Unit: "市消防救援支队 Fire Brigade No.3",
        Text: text ?? "和平路88号1号楼3层发生火灾，有人员被困，请立即到场处置，到场后立即回告。现场联系人电话 138-0000-0000。",
        Location: "和平路88号 1号楼",
        Contact: "张先生 138-0000-0000",
        Time: new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.FromHours(8)),
        Dispatcher: "李调度 (No. 07)");

    /// <summary>About 1,300 characters of mixed Chinese text: a full fine page and more.</summary>
    public static string LongText(int repeats = 30) => string.Concat(Enumerable.Repeat(
        "火灾现场位于和平路88号1号楼，请立即到场，联系电话 138-0000-0000，注意燃气管道和高压线路。", repeats));
}

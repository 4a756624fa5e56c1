using System.Text;

namespace Gateway.Fax.Rendering;

/// <summary>
/// Greedy line breaking for mixed Chinese and Latin text: CJK characters may break anywhere, Latin
/// words (letters, digits, ASCII punctuation such as "138-0000-0000") only at spaces unless a word is
/// wider than the line. Closing CJK punctuation never starts a line; it hangs into the margin instead.
/// </summary>
internal static class TextWrapper
{
    private const string ClosingPunctuation = "，。、；：？！）》」』”’,.;:?!)";

    /// <param name="text">Text; '\n' starts a new paragraph.</param>
    /// <param name="measure">Advance width of one character.</param>
    /// <param name="maxWidth">Width available for a line.</param>
    public static List<string> Wrap(string text, Func<char, float> measure, float maxWidth)
    {
        var lines = new List<string>();
        foreach (string paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            WrapParagraph(paragraph, measure, maxWidth, lines);
        }

        return lines;
    }

    private static void WrapParagraph(string paragraph, Func<char, float> measure, float maxWidth, List<string> lines)
    {
        var line = new StringBuilder();
        float lineWidth = 0;
        int index = 0;
        while (index < paragraph.Length)
        {
            int length = SegmentLength(paragraph, index);
            ReadOnlySpan<char> segment = paragraph.AsSpan(index, length);
            index += length;
            float width = Width(segment, measure);

            if (lineWidth + width <= maxWidth)
            {
                line.Append(segment);
                lineWidth += width;
            }
            else if (char.IsWhiteSpace(segment[0]))
            {
                Emit(lines, line, ref lineWidth);
            }
            else if (line.Length > 0 && length == 1 && ClosingPunctuation.Contains(segment[0], StringComparison.Ordinal))
            {
                line.Append(segment);
                lineWidth += width;
            }
            else
            {
                if (line.Length > 0)
                {
                    Emit(lines, line, ref lineWidth);
                }

                AppendSplitting(segment, measure, maxWidth, lines, line, ref lineWidth);
            }
        }

        if (line.Length > 0 || paragraph.Length == 0)
        {
            Emit(lines, line, ref lineWidth);
        }
    }

    // A segment is a run of spaces, a Latin word, or a single CJK character.
    private static int SegmentLength(string text, int start)
    {
        char first = text[start];
        if (!IsWordCharacter(first) && !char.IsWhiteSpace(first))
        {
            return char.IsHighSurrogate(first) && start + 1 < text.Length ? 2 : 1;
        }

        bool spaces = char.IsWhiteSpace(first);
        int end = start + 1;
        while (end < text.Length && (spaces ? char.IsWhiteSpace(text[end]) : IsWordCharacter(text[end])))
        {
            end++;
        }

        return end - start;
    }

    // Scripts written with spaces between words; everything from U+2E80 (CJK radicals, punctuation,
    // ideographs, full-width forms) breaks between characters.
    private static bool IsWordCharacter(char c) => c < '\u2E80' && !char.IsWhiteSpace(c) && !char.IsSurrogate(c);

    // A word wider than the line is split between characters.
    private static void AppendSplitting(ReadOnlySpan<char> segment, Func<char, float> measure, float maxWidth, List<string> lines, StringBuilder line, ref float lineWidth)
    {
        if (char.IsWhiteSpace(segment[0]))
        {
            return;
        }

        foreach (char c in segment)
        {
            float width = measure(c);
            if (lineWidth + width > maxWidth && line.Length > 0)
            {
                Emit(lines, line, ref lineWidth);
            }

            line.Append(c);
            lineWidth += width;
        }
    }

    private static float Width(ReadOnlySpan<char> segment, Func<char, float> measure)
    {
        float width = 0;
        foreach (char c in segment)
        {
            width += measure(c);
        }

        return width;
    }

    private static void Emit(List<string> lines, StringBuilder line, ref float lineWidth)
    {
        lines.Add(line.ToString().TrimEnd());
        line.Clear();
        lineWidth = 0;
    }
}

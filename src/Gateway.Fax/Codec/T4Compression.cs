namespace Gateway.Fax.Codec;

/// <summary>T.4 coding scheme.</summary>
public enum T4Compression
{
    /// <summary>One-dimensional modified Huffman (MH).</summary>
    ModifiedHuffman,

    /// <summary>Two-dimensional modified READ (MR), an EOL tag bit before every line.</summary>
    ModifiedRead,
}

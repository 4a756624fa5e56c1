namespace Gateway.Fax.Codec;

/// <summary>Order of bits within each byte of T.4 data.</summary>
public enum T4BitOrder
{
    /// <summary>First bit on the line in bit 0: what a Class 2.0 modem takes with <c>AT+FBO=0</c>; TIFF FillOrder 2.</summary>
    LsbFirst,

    /// <summary>First bit on the line in bit 7: netpbm's and TIFF's default (FillOrder 1).</summary>
    MsbFirst,
}

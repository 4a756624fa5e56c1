using Gateway.Fax.Codec;

namespace Gateway.Fax.Tests.Codec;

public sealed class T4CodeTablesTests
{
    [Fact]
    public void Tables_have_the_sizes_of_t4_tables_2_and_3()
    {
        Assert.Equal(64, T4CodeTables.WhiteTerminating.Length);
        Assert.Equal(64, T4CodeTables.BlackTerminating.Length);
        Assert.Equal(40, T4CodeTables.WhiteMakeUp.Length);
        Assert.Equal(40, T4CodeTables.BlackMakeUp.Length);
        Assert.Equal(7, T4CodeTables.Vertical.Length);
    }

    [Fact]
    public void Each_colour_code_set_is_prefix_free_and_complete_enough_to_decode_itself()
    {
        // Building the lookup tables throws when two code words share a prefix.
        foreach ((T4Code[] terminating, T4Code[] makeUp, int[] table) in new[]
        {
            (T4CodeTables.WhiteTerminating, T4CodeTables.WhiteMakeUp, T4DecodeTables.White),
            (T4CodeTables.BlackTerminating, T4CodeTables.BlackMakeUp, T4DecodeTables.Black),
        })
        {
            for (int run = 0; run < 64; run++)
            {
                Assert.Equal(run, LookUp(table, terminating[run]));
            }

            for (int i = 0; i < makeUp.Length; i++)
            {
                Assert.Equal((i + 1) * 64, LookUp(table, makeUp[i]));
            }
        }
    }

    [Fact]
    public void Spot_checks_against_the_recommendation()
    {
        Assert.Equal(T4Code.Parse("00110101"), T4CodeTables.WhiteTerminating[0]);
        Assert.Equal(T4Code.Parse("0000110111"), T4CodeTables.BlackTerminating[0]);
        Assert.Equal(T4Code.Parse("010011011"), T4CodeTables.WhiteMakeUp[1728 / 64 - 1]);
        Assert.Equal(T4Code.Parse("0000001100101"), T4CodeTables.BlackMakeUp[1728 / 64 - 1]);
        Assert.Equal(T4Code.Parse("000000011111"), T4CodeTables.WhiteMakeUp[2560 / 64 - 1]);
        Assert.Equal(new T4Code(1, 12), T4CodeTables.EndOfLine);
    }

    private static int LookUp(int[] table, T4Code code)
    {
        int entry = table[code.Bits << (T4DecodeTables.RunLookupBits - code.Length)];
        Assert.Equal(code.Length, entry & 0xF);
        return entry >> 4;
    }
}

using Gateway.Fax.Imaging;
using Gateway.Fax.Rendering;

namespace Gateway.Fax.Tests.Rendering;

public sealed class BitonalConverterTests
{
    [Theory]
    [InlineData(1728)]
    [InlineData(37)]
    [InlineData(64)]
    public void Grey_below_128_becomes_black_and_the_rest_white(int width)
    {
        var random = new Random(width);
        byte[] grey = new byte[width * 3];
        random.NextBytes(grey);
        var bitmap = new FaxBitmap(width, 3);

        BitonalConverter.Convert(grey, width, bitmap);

        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < width; x++)
            {
                Assert.Equal(grey[(y * width) + x] < 128, bitmap[x, y]);
            }
        }
    }
}

using Purser.Embeddings;

namespace Purser.Core.Tests.Embeddings;

public sealed class EmbeddingVectorsTests
{
    [Fact]
    public void ToBase64_IsLittleEndianFloat32_AsOpenAISendsIt()
    {
        // 1.0f is 00 00 80 3F little-endian; -2.0f is 00 00 00 C0.
        EmbeddingVectors.ToBase64([1f, -2f]).ShouldBe(Convert.ToBase64String([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]));
    }

    [Fact]
    public void FromBase64_RoundTripsExactly()
    {
        float[] vector = [0.1f, -0.000123f, float.MaxValue, float.Epsilon, -0f];

        EmbeddingVectors.FromBase64(EmbeddingVectors.ToBase64(vector)).ShouldBe(vector);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAAAAA=")]
    public void FromBase64_NotWholeFloats_Throws(string text)
    {
        Should.Throw<FormatException>(() => EmbeddingVectors.FromBase64(text));
    }
}

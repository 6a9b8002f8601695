using Purser.Guards;

namespace Purser.Core.Tests.Guards;

public sealed class SecretTextFoldingTests
{
    [Theory]
    [InlineData("plain ASCII text with\ttabs and\r\nnew lines")]
    [InlineData("预算在内存中检查、成本按项目记录。")]
    [InlineData("こんにちは \U0001F680 नमस्ते")] // kana, an emoji, Devanagari with vowel signs on Devanagari letters
    [InlineData("Бюджеты проверяются в памяти. Сервис Purser маршрутизирует запросы; ошибка 429.")]
    [InlineData("Ο προϋπολογισμός ελέγχεται στη μνήμη.")]
    [InlineData("prix\u00A0: 10\u00A0€ — «\u201Cquoted\u201D» l\u2019été, x² ≈ 2–3 · ok")]
    [InlineData("设置（配置文件）的端口，是否可以？")]
    [InlineData("team \U0001F468\u200D\U0001F4BB and \u2764\uFE0F")] // emoji joiner and variation selector
    public void Fold_TextWithNothingToFold_IsNotCopied(string text)
    {
        SecretTextFolding.Fold(text).ShouldBeNull();
    }

    [Theory]
    [InlineData("a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf\u00ADg\u180Eh\u202Ei\u0007j", "abcdefghij")]
    [InlineData("\uFF27\uFF28\uFF30\uFF3F\uFF1D", "GHP_=")]
    [InlineData("\u0410KI\u0410 \u0440\u0430ss \u03BFk", "AKIA pass ok")]
    [InlineData("x\u0301y\u0308z", "xyz")]
    [InlineData("\U0001D5D4\U0001D5EE\U0001D7EC", "Aa0")]
    [InlineData("tag\U000E0041s", "tags")]
    [InlineData("\u2460\u24B6 \u212Aey sk\u2010proj", "1A Key sk-proj")]
    [InlineData("\u0410\u041A\u0406\u0410\u0412\u0421\u0415\u041D\u041A\u041C\u041E\u0420\u0422\u0425\u0410\u0412", "AKIABCEHKMOPTXAB")] // a key id in look-alikes only
    public void Fold_InvisibleLookAlikeAndCompatibilityCharacters_ReadAsAscii(string text, string expected)
    {
        using FoldedText folded = SecretTextFolding.Fold(text)!;

        folded.Text.ShouldBe(expected);
    }

    [Fact]
    public void Fold_CombiningMarkAfterANonAsciiLetter_IsKept()
    {
        // A Devanagari vowel sign, a combining mark on a non-ASCII letter: part of the script, not a disguise.
        SecretTextFolding.Fold("\u0915\u093F \u0444\u0301").ShouldBeNull();
    }

    [Fact]
    public void ToOriginal_SpanOverRemovedCharacters_CoversThemAndStopsAtTheNextKeptCharacter()
    {
        string text = "key \u200Bab\u200Bcd\u200B\u200B ef";
        using FoldedText folded = SecretTextFolding.Fold(text)!;
        folded.Text.ShouldBe("key abcd ef");

        (int start, int end) = folded.ToOriginal(4, 8); // "abcd"

        text[start..end].ShouldBe("ab\u200Bcd\u200B\u200B"); // the zero-width space before the key stays outside
        folded.ToOriginal(9, 11).ShouldBe((text.Length - 2, text.Length));
    }

    [Fact]
    public void ToOriginal_SurrogatePairs_MapToBothCodeUnits()
    {
        string text = "x \U0001D5D4\U0001D5EE y";
        using FoldedText folded = SecretTextFolding.Fold(text)!;

        (int start, int end) = folded.ToOriginal(2, 4);

        text[start..end].ShouldBe("\U0001D5D4\U0001D5EE");
    }
}

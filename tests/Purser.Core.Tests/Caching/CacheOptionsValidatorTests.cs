using Microsoft.Extensions.Configuration;
using Purser.Caching;
using Purser.Configuration;

namespace Purser.Core.Tests.Caching;

public sealed class CacheOptionsValidatorTests
{
    private static List<string> Errors(CacheOptions options)
    {
        var errors = new List<string>();
        CacheOptionsValidator.Validate(options, errors);
        return errors;
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Errors(new CacheOptions()).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_BadValues_NameTheirKeys()
    {
        var options = new CacheOptions
        {
            DefaultTtl = "soon",
            Partition = "tenant",
            MemoryBytes = -1,
            MaxEntryBytes = 10,
            CoalesceWaitSeconds = 0,
        };
        options.OperationTtls["debug"] = "91d";

        List<string> errors = Errors(options);

        errors.ShouldContain(e => e.StartsWith("Purser:Cache:DefaultTtl", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Purser:Cache:OperationTtls:debug", StringComparison.Ordinal) && e.Contains("90 days", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Purser:Cache:Partition", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Purser:Cache:MemoryBytes", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Purser:Cache:MaxEntryBytes", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Purser:Cache:CoalesceWaitSeconds", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("91d")]
    [InlineData("0")]
    [InlineData("never")]
    public void Validate_MaxTtlBeyond90DaysOrZero_IsAnError(string maxTtl)
    {
        Errors(new CacheOptions { MaxTtl = maxTtl }).ShouldContain(e => e.StartsWith("Purser:Cache:MaxTtl", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TtlLongerThanAShorterMaxTtl_IsAllowedAndCapped()
    {
        var options = new CacheOptions { MaxTtl = "1d" };

        Errors(options).ShouldBeEmpty();
        new CachePolicy(options).TtlFor("architecture").ShouldBe(TimeSpan.FromDays(1));
    }

    [Fact]
    public void Binding_OperationTtls_AddsToTheDefaults()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Purser:Cache:OperationTtls:chat"] = "0",
            ["Purser:Cache:OperationTtls:debug"] = "2h",
        }).Build();

        PurserOptions options = PurserOptionsLoader.Load(configuration, _ => null);

        options.Cache.OperationTtls["chat"].ShouldBe("0");
        options.Cache.OperationTtls["debug"].ShouldBe("2h");
        options.Cache.OperationTtls["code_review"].ShouldBe("24h");
    }

    [Fact]
    public void Loading_InvalidCacheOptions_StopsStartUpNamingTheKey()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Purser:Cache:DefaultTtl"] = "forever",
        }).Build();

        var ex = Should.Throw<PurserConfigurationException>(() => PurserOptionsLoader.Load(configuration, _ => null));

        ex.Errors.ShouldContain(e => e.StartsWith("Purser:Cache:DefaultTtl", StringComparison.Ordinal));
    }
}

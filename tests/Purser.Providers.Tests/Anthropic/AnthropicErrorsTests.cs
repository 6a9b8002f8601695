using System.Text.Json.Nodes;
using Purser.Errors;
using Purser.Providers.Anthropic;

namespace Purser.Providers.Tests.Anthropic;

public sealed class AnthropicErrorsTests
{
    [Fact]
    public void ReadMessage_DocumentedErrorBody_ReturnsTypeAndMessage()
    {
        AnthropicErrors.ReadMessage("""{"type":"error","error":{"type":"not_found_error","message":"The requested resource could not be found."},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"""u8)
            .ShouldBe("not_found_error: The requested resource could not be found.");
    }

    [Theory]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("")]
    [InlineData("[1]")]
    public void ReadMessage_NotAnErrorBody_ReturnsNull(string body)
    {
        AnthropicErrors.ReadMessage(System.Text.Encoding.UTF8.GetBytes(body)).ShouldBeNull();
    }

    [Theory]
    [InlineData(ErrorKind.BadRequest, 400, null, "invalid_request_error")]
    [InlineData(ErrorKind.Unauthorized, 401, null, "authentication_error")]
    [InlineData(ErrorKind.Unauthorized, 403, null, "permission_error")]
    [InlineData(ErrorKind.NoProvider, 404, null, "not_found_error")]
    [InlineData(ErrorKind.GuardBlocked, 413, null, "request_too_large")]
    [InlineData(ErrorKind.RateLimited, 429, null, "rate_limit_error")]
    [InlineData(ErrorKind.BudgetExceeded, 429, null, "rate_limit_error")]
    [InlineData(ErrorKind.Internal, 500, null, "api_error")]
    [InlineData(ErrorKind.UpstreamHttp, 502, 500, "api_error")]
    [InlineData(ErrorKind.UpstreamHttp, 502, 529, "overloaded_error")]
    [InlineData(ErrorKind.Timeout, 504, null, "timeout_error")]
    public void TypeFor_Error_IsAnthropicsType(object kindValue, int status, int? upstream, string expected)
    {
        var kind = (ErrorKind)kindValue;
        AnthropicErrors.TypeFor(new PurserError(kind, status, "x") { UpstreamStatus = upstream }).ShouldBe(expected);
    }

    [Fact]
    public void WriteBody_HasAnthropicsErrorShape()
    {
        byte[] body = AnthropicErrors.WriteBody(PurserError.BadRequest("'max_tokens' is required.", "max_tokens"), "req_1");

        JsonNode json = JsonNode.Parse(body)!;
        json["type"]!.GetValue<string>().ShouldBe("error");
        json["error"]!["type"]!.GetValue<string>().ShouldBe("invalid_request_error");
        json["error"]!["message"]!.GetValue<string>().ShouldBe("'max_tokens' is required.");
        json["error"]!["param"]!.GetValue<string>().ShouldBe("max_tokens");
        json["error"]!["purser_error_kind"]!.GetValue<string>().ShouldBe("bad_request");
        json["request_id"]!.GetValue<string>().ShouldBe("req_1");
    }

    [Theory]
    [InlineData("invalid_request_error", 400)]
    [InlineData("authentication_error", 401)]
    [InlineData("billing_error", 402)]
    [InlineData("permission_error", 403)]
    [InlineData("not_found_error", 404)]
    [InlineData("request_too_large", 413)]
    [InlineData("rate_limit_error", 429)]
    [InlineData("api_error", 500)]
    [InlineData("timeout_error", 504)]
    [InlineData("overloaded_error", 529)]
    public void StatusForType_DocumentedType_IsItsStatus(string type, int status)
    {
        AnthropicErrors.StatusForType(type).ShouldBe(status);
    }
}

#!/usr/bin/env bash
# Proves the packages: packs Purser.Core, .Providers, .Storage, .Assistant, .Gateway, .Extensions.AI and the purser tool into a local
# folder, checks what each package holds, installs the tool from that folder, runs `purser --version` (version and
# commit) and `purser serve` until /health answers, and builds and runs a small app against the packed libraries: it
# installs the one package Purser.Extensions.AI and calls Purser in process as an IChatClient.
# Usage: bash scripts/package-test.sh [--no-build]   (--no-build packs what a Release build left, as scripts/test.sh does)
set -euo pipefail
cd "$(dirname "$0")/.."

build_flag=()
if [[ "${1:-}" == "--no-build" ]]; then build_flag=(--no-build); fi

work="$(mktemp -d)"
serve_pid=""
cleanup() {
  if [[ -n "$serve_pid" ]]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== dotnet pack into $work/packages"
dotnet pack Purser.slnx -c Release "${build_flag[@]}" -o "$work/packages" --nologo -v quiet

version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' src/Directory.Build.props)"
python3 - "$work/packages" "$version" <<'PY'
import sys, zipfile, os, re
folder, version = sys.argv[1], sys.argv[2]
libraries = ["Purser.Core", "Purser.Providers", "Purser.Storage", "Purser.Assistant", "Purser.Gateway", "Purser.Extensions.AI"]
problems = []
for package in libraries + ["purser"]:
    path = os.path.join(folder, f"{package}.{version}.nupkg")
    if not os.path.exists(path):
        problems.append(f"missing {path}")
        continue
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        nuspec = z.read(next(n for n in names if n.endswith(".nuspec"))).decode()
        for needed in ["<license type=\"expression\">", "<readme>README.md</readme>", "<repository type=\"git\"", "<description>"]:
            if needed not in nuspec:
                problems.append(f"{package}: the nuspec has no {needed}")
        if "README.md" not in names:
            problems.append(f"{package}: no README.md in the package")
        if package == "purser":
            if "<packageType name=\"DotnetTool\"" not in nuspec:
                problems.append("purser: not a .NET tool package")
            if not any(n.endswith("DotnetToolSettings.xml") for n in names):
                problems.append("purser: no DotnetToolSettings.xml")
        else:
            if not any(n == f"lib/net10.0/{package}.xml" for n in names):
                problems.append(f"{package}: no XML documentation (lib/net10.0/{package}.xml)")
    if package != "purser" and not os.path.exists(os.path.join(folder, f"{package}.{version}.snupkg")):
        problems.append(f"{package}: no symbol package")
if problems:
    print("\n".join(problems)); sys.exit(1)
print(f"packages ok: {', '.join(libraries)}, purser ({version})")
PY

echo "== dotnet tool install purser from the local folder"
dotnet tool install --tool-path "$work/tool" purser --version "$version" --add-source "$work/packages" >/dev/null
purser="$work/tool/purser"

printed="$("$purser" --version)"
echo "$printed"
commit="$(git rev-parse HEAD 2>/dev/null || true)"
expected="purser $version (commit ${commit:0:12})"
if [[ -z "$commit" ]]; then expected="purser $version (commit unknown)"; fi
if [[ "$printed" != "$expected" ]]; then
  echo "purser --version printed '$printed', expected '$expected'" >&2
  exit 1
fi

echo "== purser serve until /health answers"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
mkdir -p "$work/home"
PURSER_HOME="$work/home" "$purser" serve --port "$port" >"$work/serve.log" 2>&1 &
serve_pid=$!
python3 - "$port" "$serve_pid" <<'PY'
import sys, time, urllib.request, os, json
port, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("purser serve exited before /health answered")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
            body = json.load(r)
            if r.status == 200 and body.get("status") == "ok":
                print(f"/health answered: {body['status']}")
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit("/health did not answer within 60 s")
PY
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""

echo "== a sample app against the packed libraries"
mkdir -p "$work/sample"
cat >"$work/sample/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="purser-local" value="$work/packages" />
  </packageSources>
</configuration>
XML
cat >"$work/sample/Sample.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Purser.Extensions.AI" Version="$version" />
  </ItemGroup>
</Project>
XML
cat >"$work/sample/Program.cs" <<'CS'
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Purser.Extensions.AI;
using Purser.Pricing;
using Purser.Tokens;
using Purser.Usage;

int tokens = BpeEncoding.O200kBase.CountTokens("Hello from a packed Purser.Core.");
CostResult cost = CostCalculator.Compute(new TokenUsage { InputTokens = 1_000_000, OutputTokens = 1_000_000 }, new ModelPrice { Input = 0.15m, Output = 0.60m });
Console.WriteLine($"tokens={tokens} cost={cost.Total}");

// Purser in process from the one package: a simulated provider priced as gpt-4o-mini, the ledger in a temporary home.
string home = Directory.CreateTempSubdirectory("purser-package-test-").FullName;
IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Purser:Home"] = home,
    ["Purser:Providers:sim:Kind"] = "simulated",
    ["Purser:Providers:sim:Models:0"] = "sim-chat",
    ["Purser:Providers:sim:Simulated:PriceAs"] = "openai/gpt-4o-mini",
}).Build();
var services = new ServiceCollection();
services.AddLogging();
services.AddPurserChatClient(configuration, o => o.DefaultModel = "sim/sim-chat");
await using ServiceProvider provider = services.BuildServiceProvider();
ChatResponse response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hello from the package test.");
PurserCallInfo? info = response.GetPurserInfo();
Console.WriteLine($"chat: served by {info?.ServedBy}, cost {info?.CostUsd}, tokens {response.Usage?.TotalTokenCount}");
bool chatOk = response.Text.Length > 0 && info is { ServedBy: "sim/sim-chat", CostUsd: > 0m } && response.Usage?.TotalTokenCount > 0;
return tokens > 0 && cost.Total == 0.75m && chatOk ? 0 : 1;
CS
# Its own package folder: a global cache may already hold an older build under the same version number, which
# NuGet would take instead of the packages just packed.
(cd "$work/sample" && NUGET_PACKAGES="$work/nuget-packages" dotnet run -c Release --nologo -v quiet)
echo "package test passed"

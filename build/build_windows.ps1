# Build the Windows bundle: dist\ShortVid\ ("ShortVid Desktop.exe" opens the window without a
# console, shortvid.exe is the command line), dist\shortvid-<version>-windows-x64.zip and, with
# -Installer and Inno Setup 6 (ISCC.exe), dist\shortvid-<version>-windows-x64-setup.exe.
#
#   powershell -ExecutionPolicy Bypass -File build\build_windows.ps1 [-Python py] [-Installer]
#
# Needs: pip install -e ".[build]" (PyInstaller). PyInstaller's scratch goes to build\work\ and
# its output to dist\ (both ignored by git).
param(
    [string]$Python = "python",
    [switch]$Installer
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed ($LASTEXITCODE)" }
}

& $Python -c "import PyInstaller" 2>$null
if ($LASTEXITCODE -ne 0) {
    Write-Error "PyInstaller is missing: $Python -m pip install -e `".[build]`""
    exit 2
}
$version = (& $Python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
$app = "dist\ShortVid"
$zip = "dist\shortvid-$version-windows-x64.zip"

$clock = [Diagnostics.Stopwatch]::StartNew()
if (Test-Path $app) { Remove-Item -Recurse -Force $app }
if (Test-Path $zip) { Remove-Item -Force $zip }
Invoke-Checked $Python @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--workpath", "build\work", "--distpath", "dist", "shortvid.spec")

# The frozen app must start on its own before it is packed.
$reported = (& "$app\shortvid.exe" --version).Trim()
if ($reported -ne "shortvid $version") { throw "shortvid.exe --version said '$reported'" }

Compress-Archive -Path $app -DestinationPath $zip -CompressionLevel Optimal

if ($Installer) {
    $iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
    if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
    if (-not (Test-Path $iscc)) { throw "Inno Setup 6 (ISCC.exe) was not found" }
    $icon = (Resolve-Path "build\work\shortvid\shortvid.ico").Path
    Invoke-Checked $iscc @("/Q", "/DAppVersion=$version", "/DSourceDir=$((Resolve-Path $app).Path)",
        "/DIconFile=$icon", "/O$((Resolve-Path dist).Path)", "build\installer.iss")
}

$clock.Stop()
$bytes = (Get-ChildItem -Recurse -File $app | Measure-Object -Property Length -Sum).Sum
"built {0} ({1:N0} MB) and {2} ({3:N0} MB) in {4:N0} s" -f $app, ($bytes / 1MB), $zip,
    ((Get-Item $zip).Length / 1MB), $clock.Elapsed.TotalSeconds

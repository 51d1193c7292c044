#!/usr/bin/env bash
# Prepares a cloud GPU notebook machine (Colab-like: Ubuntu, Python Jupyter running, NVIDIA driver, no .NET)
# for the TransferGuide course. See notebooks/README.md, "A cloud GPU notebook". Run --help for the options.
set -euo pipefail

readonly DOTNET_CHANNEL=10.0
readonly DOTNET_INSTALL_URL=https://dot.net/v1/dotnet-install.sh
readonly INTERACTIVE_PACKAGE=Microsoft.dotnet-interactive
readonly INTERACTIVE_VERSION=1.0.712001
readonly KERNEL_NAME=.net-csharp
readonly BASHRC_MARKER='# TransferGuide cloud-setup'

usage() {
  cat <<'EOF'
Usage: bash notebooks/cloud-setup.sh [options]

Prepares this machine for the TransferGuide notebooks: the .NET 10 SDK (into ~/.dotnet when missing),
.NET Interactive and its Jupyter kernel ".net-csharp", the Torch backend (CUDA when nvidia-smi finds a GPU),
and one build of the library. Safe to run again: steps already done are skipped.

Options:
  --backend cpu|cuda  use this backend instead of the detected one
  --repo URL          clone the course repository (or update the clone) instead of using the
                      checkout this script lives in
  --dir DIR           where --repo clones to (default: ./<name of the repository>)
  --data DIR          folder of datasets, exported as TRANSFERGUIDE_DATA
  --dry-run           print every step it would take and change nothing
  -h, --help          this text

It writes ~/.transferguide.env (sourced from ~/.bashrc) and the kernel spec's environment. A Jupyter
server that was already running does not see new variables: the script prints the %env lines for a
Python notebook.
EOF
}

die() { printf 'cloud-setup: %s\n' "$*" >&2; exit "${EXIT_CODE:-1}"; }
usage_error() { printf 'cloud-setup: %s\nRun with --help for the options.\n' "$*" >&2; exit 2; }
say() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
skip() { printf 'skip: %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }

# run CMD ARGS...: runs the command, or prints it under --dry-run.
run() {
  if [[ $dry_run == 1 ]]; then
    printf 'would run:'; printf ' %q' "$@"; printf '\n'
  else
    printf '+'; printf ' %q' "$@"; printf '\n'
    "$@"
  fi
}

# write_file PATH CONTENT: writes the file when its content differs, or prints what it would write.
write_file() {
  local path=$1 content=$2
  if [[ -f $path && "$(<"$path")" == "${content%$'\n'}" ]]; then skip "$path is up to date"; return; fi
  if [[ $dry_run == 1 ]]; then
    say "would write: $path"
    while IFS= read -r line; do say "    $line"; done <<<"${content%$'\n'}"
  else
    printf '%s' "$content" >"$path"
    say "wrote $path"
  fi
}

# --- options -------------------------------------------------------------------------------------------
dry_run=0 backend_option='' repo_url='' clone_dir='' data_dir=''
need_value() { [[ $# -ge 2 && -n $2 && $2 != --* ]] || usage_error "option $1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --dry-run) dry_run=1 ;;
    -h | --help) usage; exit 0 ;;
    --backend) need_value "$@"; backend_option=$2; shift ;;
    --backend=*) backend_option=${1#*=} ;;
    --repo) need_value "$@"; repo_url=$2; shift ;;
    --repo=*) repo_url=${1#*=} ;;
    --dir) need_value "$@"; clone_dir=$2; shift ;;
    --dir=*) clone_dir=${1#*=} ;;
    --data) need_value "$@"; data_dir=$2; shift ;;
    --data=*) data_dir=${1#*=} ;;
    *) usage_error "unknown option '$1'" ;;
  esac
  shift
done
case $backend_option in
  '' | cpu | cuda) ;;
  *) usage_error "--backend must be cpu or cuda, not '$backend_option'" ;;
esac
[[ -z $clone_dir || -n $repo_url ]] || usage_error "--dir only goes with --repo"
[[ -n ${HOME:-} ]] || die "HOME is not set"

absolute() { if [[ $1 == /* ]]; then say "$1"; else say "$PWD/${1#./}"; fi; }

[[ $dry_run == 1 ]] && say "Dry run: nothing is downloaded, installed or written."
say "Machine: $(uname -sm), user $(id -un 2>/dev/null || echo "?"), home $HOME"

# --- 1. the GPU and the backend -------------------------------------------------------------------------
step "GPU and Torch backend"
gpu=''
if command -v nvidia-smi >/dev/null 2>&1; then
  if gpu_line=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null) && [[ -n $gpu_line ]]; then
    gpu=${gpu_line%%$'\n'*}
    cuda_version=$(nvidia-smi 2>/dev/null | sed -n 's/.*CUDA Version: *\([0-9.]*\).*/\1/p' | head -n 1 || true)
    say "GPU: ${gpu%%,*}; driver ${gpu#*, }; CUDA (driver) ${cuda_version:-unknown}"
  else
    say "nvidia-smi is present but reports no usable GPU (no driver, or a CPU runtime)"
  fi
else
  say "no nvidia-smi on PATH: no NVIDIA GPU"
fi
if [[ -n $backend_option ]]; then
  backend=$backend_option
  reason="--backend $backend_option"
elif [[ -n $gpu ]]; then
  backend=cuda reason="GPU found"
else
  backend=cpu reason="no GPU"
fi
torch_backend=$backend-linux
say "backend: $torch_backend ($reason); TRANSFERGUIDE_BACKEND=$backend TORCH_BACKEND=$torch_backend"
[[ $backend == cuda && -z $gpu ]] && warn "CUDA was asked for but no GPU was found: Torch will fail to load CUDA."
[[ $(uname -m) == x86_64 ]] || warn "the Linux Torch packages are built for x86_64, this machine is $(uname -m)."

# --- 2. the .NET SDK ------------------------------------------------------------------------------------
step ".NET $DOTNET_CHANNEL SDK"
home_dotnet=$HOME/.dotnet
has_sdk10() { # the host answers --list-sdks without touching HOME
  local sdks
  sdks=$("$1" --list-sdks 2>/dev/null) || return 1
  [[ $'\n'$sdks == *$'\n'10.* ]]
}
dotnet_bin=''
if [[ -x $home_dotnet/dotnet ]] && has_sdk10 "$home_dotnet/dotnet"; then
  dotnet_bin=$home_dotnet/dotnet
elif command -v dotnet >/dev/null 2>&1 && has_sdk10 dotnet; then
  dotnet_bin=$(command -v dotnet)
fi
if [[ -n $dotnet_bin ]]; then
  skip ".NET SDK $("$dotnet_bin" --list-sdks | grep '^10\.' | tail -n 1 | cut -d' ' -f1) is installed ($dotnet_bin)"
else
  command -v dotnet >/dev/null 2>&1 && say "dotnet on PATH has no 10.x SDK; installing one beside it, into $home_dotnet"
  dotnet_bin=$home_dotnet/dotnet
  installer=${TMPDIR:-/tmp}/dotnet-install.sh
  if command -v curl >/dev/null 2>&1; then
    run curl -fsSL --retry 3 "$DOTNET_INSTALL_URL" -o "$installer"
  elif command -v wget >/dev/null 2>&1; then
    run wget -q -O "$installer" "$DOTNET_INSTALL_URL"
  else
    die "neither curl nor wget is installed: cannot download $DOTNET_INSTALL_URL"
  fi
  run bash "$installer" --channel "$DOTNET_CHANNEL" --install-dir "$home_dotnet" --no-path
  if [[ $dry_run == 0 ]]; then
    has_sdk10 "$dotnet_bin" || die "the .NET SDK install did not leave a 10.x SDK in $home_dotnet"
    say "installed: $("$dotnet_bin" --version)"
  fi
fi
# The session's PATH: a ~/.dotnet SDK first, then the global tools (dotnet-interactive lives there).
session_path=$PATH
if [[ $dotnet_bin == "$home_dotnet/dotnet" ]]; then
  [[ ":$session_path:" == *":$home_dotnet:"* ]] || session_path=$home_dotnet:$session_path
  export DOTNET_ROOT=$home_dotnet
fi
[[ ":$session_path:" == *":$home_dotnet/tools:"* ]] || session_path=$session_path:$home_dotnet/tools
export PATH=$session_path DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export TRANSFERGUIDE_BACKEND=$backend TORCH_BACKEND=$torch_backend

# --- 3. .NET Interactive and the Jupyter kernel ---------------------------------------------------------
step ".NET Interactive $INTERACTIVE_VERSION and the Jupyter kernel $KERNEL_NAME"
tool_store=$home_dotnet/tools/.store/${INTERACTIVE_PACKAGE,,}
if [[ -d $tool_store/$INTERACTIVE_VERSION ]]; then
  skip "$INTERACTIVE_PACKAGE $INTERACTIVE_VERSION is installed"
elif [[ -d $tool_store ]]; then
  run "$dotnet_bin" tool update -g "$INTERACTIVE_PACKAGE" --version "$INTERACTIVE_VERSION" --allow-downgrade
else
  run "$dotnet_bin" tool install -g "$INTERACTIVE_PACKAGE" --version "$INTERACTIVE_VERSION"
fi

# Kernel specs live in one of Jupyter's data folders; look there rather than start jupyter.
find_kernel_dir() {
  local dir
  for dir in ${JUPYTER_DATA_DIR:+"$JUPYTER_DATA_DIR"} "$HOME/.local/share/jupyter" /usr/local/share/jupyter /usr/share/jupyter; do
    [[ -f $dir/kernels/$KERNEL_NAME/kernel.json ]] && { say "$dir/kernels/$KERNEL_NAME"; return 0; }
  done
  if [[ $dry_run == 0 ]] && command -v jupyter >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
    jupyter kernelspec list --json 2>/dev/null | python3 -c \
      'import json,sys; print(json.load(sys.stdin)["kernelspecs"][sys.argv[1]]["resource_dir"])' "$KERNEL_NAME" 2>/dev/null && return 0
  fi
  return 1
}
kernel_ok=1
if kernel_dir=$(find_kernel_dir); then
  skip "the kernel $KERNEL_NAME is registered ($kernel_dir)"
elif command -v jupyter >/dev/null 2>&1; then
  run "$dotnet_bin" interactive jupyter install
  [[ $dry_run == 1 ]] || kernel_dir=$(find_kernel_dir) || { warn "the kernel was installed but its folder was not found"; kernel_ok=0; }
else
  warn "jupyter is not on PATH, so the kernel cannot be registered; use the program form (dotnet run monthN/weekNN-*.cs)"
  kernel_ok=0
fi

# A kernel started by an already running Jupyter server gets the server's environment plus the spec's "env":
# the spec carries the paths and the backend (setup.dib and its rebuild read them).
kernel_env=(PATH="$PATH" TRANSFERGUIDE_BACKEND="$backend" TORCH_BACKEND="$torch_backend")
[[ -n ${DOTNET_ROOT:-} ]] && kernel_env+=(DOTNET_ROOT="$DOTNET_ROOT")
[[ -n $data_dir ]] && kernel_env+=(TRANSFERGUIDE_DATA="$(absolute "$data_dir")")
# shellcheck disable=SC2016 # Python, not shell
patch_kernel='import json, sys
path, mode, pairs = sys.argv[1], sys.argv[2], dict(a.split("=", 1) for a in sys.argv[3:])
with open(path) as f: spec = json.load(f)
if spec.get("env", {}) == {**spec.get("env", {}), **pairs}: print("same"); sys.exit(0)
if mode == "write":
    spec["env"] = {**spec.get("env", {}), **pairs}
    with open(path, "w") as f: json.dump(spec, f, indent=2)
print("changed")'
if [[ $kernel_ok == 1 ]]; then
  if ! command -v python3 >/dev/null 2>&1; then
    warn "python3 is missing: the kernel spec keeps no environment; set the variables before starting Jupyter"
  elif [[ -z ${kernel_dir:-} ]]; then
    say "would set in $KERNEL_NAME/kernel.json \"env\": ${kernel_env[*]}"
  elif [[ $(python3 -c "$patch_kernel" "$kernel_dir/kernel.json" check "${kernel_env[@]}") == same ]]; then
    skip "the kernel's environment is up to date ($kernel_dir/kernel.json)"
  elif [[ $dry_run == 1 ]]; then
    say "would set in $kernel_dir/kernel.json \"env\": ${kernel_env[*]}"
  else
    python3 -c "$patch_kernel" "$kernel_dir/kernel.json" write "${kernel_env[@]}" >/dev/null
    say "set the kernel's environment in $kernel_dir/kernel.json"
  fi
fi

# --- 4. the environment for later shells ----------------------------------------------------------------
step "Environment (~/.transferguide.env, sourced from ~/.bashrc)"
env_file=$HOME/.transferguide.env
env_content="# Written by notebooks/cloud-setup.sh: the TransferGuide course environment. Sourced from ~/.bashrc.
"
if [[ $dotnet_bin == "$home_dotnet/dotnet" ]]; then
  # shellcheck disable=SC2016 # expanded when the file is sourced
  env_content+='export DOTNET_ROOT="$HOME/.dotnet"
case ":$PATH:" in *":$HOME/.dotnet:"*) ;; *) PATH="$HOME/.dotnet:$PATH" ;; esac
'
fi
# shellcheck disable=SC2016 # expanded when the file is sourced
env_content+='case ":$PATH:" in *":$HOME/.dotnet/tools:"*) ;; *) PATH="$PATH:$HOME/.dotnet/tools" ;; esac
export PATH DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
'
env_content+="export TRANSFERGUIDE_BACKEND=$backend TORCH_BACKEND=$torch_backend
"
if [[ -n $data_dir ]]; then
  data_dir=$(absolute "$data_dir")
  env_content+="export TRANSFERGUIDE_DATA=$(printf '%q' "$data_dir")
"
  export TRANSFERGUIDE_DATA=$data_dir
  [[ -d $data_dir ]] || warn "--data $data_dir does not exist yet (mount or create it before the first notebook)"
fi
write_file "$env_file" "$env_content"
bashrc_line="[ -f \"\$HOME/.transferguide.env\" ] && . \"\$HOME/.transferguide.env\"  $BASHRC_MARKER"
if [[ -f $HOME/.bashrc ]] && grep -qF "$BASHRC_MARKER" "$HOME/.bashrc"; then
  skip "$HOME/.bashrc already sources $env_file"
elif [[ $dry_run == 1 ]]; then
  say "would append to $HOME/.bashrc: $bashrc_line"
else
  printf '\n%s\n' "$bashrc_line" >>"$HOME/.bashrc"
  say "appended to $HOME/.bashrc: $bashrc_line"
fi

# --- 5. the course repository ---------------------------------------------------------------------------
step "Course repository"
find_root() {
  local dir=$1
  while [[ -n $dir && $dir != / ]]; do
    [[ -f $dir/TransferGuide.sln ]] && { say "$dir"; return 0; }
    dir=${dir%/*}
  done
  return 1
}
if [[ -n $repo_url ]]; then
  name=${repo_url%/}; name=${name##*/}; name=${name%.git}
  repo=$(absolute "${clone_dir:-$name}")
  if [[ -d $repo/.git ]]; then
    say "updating the clone in $repo (a failed update keeps the current files)"
    run git -C "$repo" pull --ff-only || warn "git pull failed (local changes?): keeping the checkout as it is"
  elif [[ -e $repo && -n $(ls -A "$repo" 2>/dev/null) ]]; then
    die "$repo exists and is not a git checkout; pick another --dir"
  else
    run git clone "$repo_url" "$repo"
  fi
else
  script_dir=$(cd "${BASH_SOURCE[0]%/*}" 2>/dev/null && pwd) || script_dir=$PWD
  repo=$(find_root "$script_dir") || die "no TransferGuide.sln above $script_dir; pass --repo URL"
  say "using the checkout this script lives in: $repo"
fi

# --- 6. one build of the library ------------------------------------------------------------------------
step "Library build (src/TransferGuide, $torch_backend)"
project=$repo/src/TransferGuide
dll=$project/bin/Debug/net10.0/TransferGuide.dll
assets=$project/obj/project.assets.json
case $torch_backend in
  cuda-linux) marker='"TorchSharp-cuda-linux/' ;;
  *) marker='"libtorch-cpu-linux-x64/' ;;
esac
built_for_backend() {
  [[ -f $dll && -f $assets ]] && grep -qF "$marker" "$assets" || return 1
  # Up to date when no source or build file is newer than the DLL.
  [[ -z $(find "$project" "$repo/build" "$repo/Directory.Build.props" "$repo/Directory.Build.targets" \
    -newer "$dll" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) \
    -not -path '*/obj/*' -not -path '*/bin/*' 2>/dev/null | head -n 1) ]]
}
if [[ -d $project ]] && built_for_backend; then
  skip "the library is built for $torch_backend and up to date"
else
  size='about 1 GB'; [[ $backend == cuda ]] && size='several GB'
  say "restores the $torch_backend packages ($size) and builds: minutes the first time"
  run "$dotnet_bin" build "$project" "-p:TorchBackend=$torch_backend" -nologo -v q
fi

# --- next steps -----------------------------------------------------------------------------------------
week04=month1/week04-feature-extraction week_root=$repo
step "Next"
cat <<EOF
In a Python notebook (the server started before this script), run these lines so that '!' cells find
dotnet and the kit picks the same backend:
%env PATH=$PATH
${DOTNET_ROOT:+%env DOTNET_ROOT=$DOTNET_ROOT
}%env TRANSFERGUIDE_BACKEND=$backend
%env TORCH_BACKEND=$torch_backend
${TRANSFERGUIDE_DATA:+%env TRANSFERGUIDE_DATA=$TRANSFERGUIDE_DATA
}
Then reload the page and pick the kernel ".NET (C#)" for $week_root/$week04.ipynb, or, where the host
offers no custom kernels, run the week as a program from a cell (after the %env lines):
!cd $(printf '%q' "$week_root") && dotnet run $week04.cs
EOF
[[ $dry_run == 1 ]] && say "(dry run: nothing was changed)"
exit 0

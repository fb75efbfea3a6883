#!/usr/bin/env bash
# Fail if any C/C++ source of the project differs from the checked-in clang-format style.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files -co --exclude-standard -- '*.h' '*.cc' '*.c' '*.cpp' | grep -v '^build')
clang-format --dry-run --Werror $files
echo "check-format: $(echo "$files" | wc -w) files formatted"

/**
 * The shell scripts `ktl completion SHELL` prints. Each one only gathers the
 * words typed so far, asks `<bin> __complete ...` and turns the answer
 * (candidates, then ":<directive>") into the shell's completions; all the
 * logic lives in complete.ts. Directive bits: 1 error, 2 no space, 4 no file
 * completion, 8 filter by extension, 16 directories only, 32 keep order.
 */

/** A shell function name made of the binary name. */
const ident = (bin: string) => bin.replace(/[^A-Za-z0-9_]/g, '_');

export function bashScript(bin: string): string {
  const f = `_${ident(bin)}`;
  return `# bash completion for ${bin}. Load it with:  source <(${bin} completion bash)

# The words typed so far, re-joined where bash split them at "=" or ":"
# (bash-completion's _get_comp_words_by_ref does this when installed).
${f}_words() {
    ${f}_w=()
    local i tok join=0
    for ((i = 0; i <= COMP_CWORD; i++)); do
        tok=\${COMP_WORDS[i]}
        if (( \${#${f}_w[@]} )) && { [[ $tok == "=" || $tok == ":" ]] || (( join )); }; then
            ${f}_w[\${#${f}_w[@]}-1]+=$tok
            [[ $tok == "=" || $tok == ":" ]] && join=1 || join=0
        else
            ${f}_w+=("$tok")
            join=0
        fi
    done
}

${f}() {
    local ${f}_w cur out directive comp
    ${f}_words
    cur=\${${f}_w[\${#${f}_w[@]}-1]}
    local cmd=\${${f}_w[0]/#\\~/$HOME}
    out=$("$cmd" __completeNoDesc "\${${f}_w[@]:1:\${#${f}_w[@]}-2}" "$cur" 2>/dev/null) || return
    directive=\${out##*:}
    out=\${out%:*}
    COMPREPLY=()
    [[ $directive =~ ^[0-9]+$ ]] || directive=0
    (( directive & 1 )) && return
    # the value being typed (after "--flag="); candidates that do not start with it are dropped, as cobra's script does
    local val=$cur
    [[ $cur == -*=* ]] && val=\${cur#*=}
    while IFS= read -r comp; do
        [[ -n $comp && $comp == "$val"* ]] && COMPREPLY+=("$comp")
    done <<<"$out"
    # bash replaces only the part after the last ":" (when ":" breaks words)
    if [[ $val == *:* && $COMP_WORDBREAKS == *:* ]]; then
        local colon=\${val%"\${val##*:}"} i
        for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]=\${COMPREPLY[i]#"$colon"}; done
    fi
    (( directive & 2 )) && compopt -o nospace 2>/dev/null
    (( directive & 32 )) && compopt -o nosort 2>/dev/null
    if (( \${#COMPREPLY[@]} == 0 )); then
        if (( directive & 16 )); then
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        elif (( directive & 8 )); then
            compopt -o filenames 2>/dev/null
            local ext
            for ext in \${out//$'\\n'/ }; do mapfile -t -O "\${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -X "!*.$ext" -- "$cur"); done
        elif (( directive & 4 )); then
            compopt +o default 2>/dev/null
        fi
    fi
}

if [[ $(type -t compopt) == builtin ]]; then
    complete -o default -F ${f} ${bin}
else
    complete -o default -o nospace -F ${f} ${bin}
fi
`;
}

export function zshScript(bin: string): string {
  const f = `_${ident(bin)}`;
  return `#compdef ${bin}
compdef ${f} ${bin}
# zsh completion for ${bin}. Load it with:  source <(${bin} completion zsh)

${f}() {
    local cur=\${words[CURRENT]} out directive prefix
    local -a lines described
    out=$(\${words[1]} __complete "\${(@)words[2,CURRENT-1]}" "$cur" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    directive=\${lines[-1]#:}
    lines=("\${(@)lines[1,-2]}")
    [[ $directive == <-> ]] || directive=0
    (( directive & 1 )) && return 1
    # a flag written with "=": the candidates are its values
    [[ $cur == -*=* ]] && prefix="\${cur%%=*}="
    local line value desc
    for line in "\${lines[@]}"; do
        [[ -z $line ]] && continue
        value=\${line%%$'\\t'*}
        desc=""
        [[ $line == *$'\\t'* ]] && desc=\${line#*$'\\t'}
        described+=("\${value//:/\\\\:}\${desc:+:$desc}")
    done
    if (( \${#described} )); then
        local -a opts
        (( directive & 2 )) && opts+=(-S '')
        (( directive & 32 )) && opts+=(-V)
        [[ -n $prefix ]] && opts+=(-P "$prefix")
        _describe -t ${ident(bin)}-completions 'completions' described "\${opts[@]}"
        return
    fi
    (( directive & 4 )) && return 1
    if (( directive & 16 )); then
        _files -/
    elif (( directive & 8 )); then
        _files -g "*.(\${(j:|:)lines})"
    else
        _files
    fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    ${f} "$@"
fi
`;
}

export function fishScript(bin: string): string {
  const f = `__${ident(bin)}`;
  return `# fish completion for ${bin}. Load it with:  ${bin} completion fish | source

function ${f}_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l out ($words[1] __complete $words[2..-1] "$cur" 2>/dev/null)
    or return
    set -l directive (string replace -r '^:' '' -- $out[-1])
    set -e out[-1]
    string match -qr '^[0-9]+$' -- $directive; or set directive 0
    test (math "bitand($directive, 1)") -ne 0; and return
    # fish replaces the whole token: a flag written with "=" keeps its name
    set -l prefix ''
    string match -qr '^-.*=' -- $cur; and set prefix (string replace -r '=.*' '=' -- $cur)
    set -l n 0
    for line in $out
        test -n "$line"; or continue
        set n (math $n + 1)
        echo "$prefix$line"
    end
    if test $n -eq 0; and test (math "bitand($directive, 4)") -eq 0
        if test (math "bitand($directive, 16)") -ne 0
            __fish_complete_directories "$cur"
        else
            __fish_complete_path "$cur"
        end
    end
end

complete -c ${bin} -e
complete -c ${bin} -f -a '(${f}_complete)'
`;
}

export function powershellScript(bin: string): string {
  return `# powershell completion for ${bin}. Load it with:  ${bin} completion powershell | Out-String | Invoke-Expression

Register-ArgumentCompleter -CommandName '${bin}' -Native -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)
    # the words before the cursor, without the program name
    $Line = "$CommandAst"
    if ($Line.Length -gt $CursorPosition) { $Line = $Line.Substring(0, $CursorPosition) }
    $Words = @($Line.Split(' ', [StringSplitOptions]::RemoveEmptyEntries) | Select-Object -Skip 1)
    if ($WordToComplete -ne '' -and $Words.Count -gt 0) { $Words = @($Words | Select-Object -SkipLast 1) }
    $Program = $CommandAst.CommandElements[0].ToString()
    $Out = @(& $Program __complete @Words "$WordToComplete" 2>$null)
    if ($Out.Count -eq 0) { return }
    $Directive = 0
    [void][int]::TryParse(($Out[-1] -replace '^:', ''), [ref]$Directive)
    $Lines = @($Out | Select-Object -SkipLast 1 | Where-Object { $_ -ne '' })
    if ($Directive -band 1) { return }
    $Prefix = ''
    if ($WordToComplete -match '^-.*=') { $Prefix = ($WordToComplete -replace '=.*', '=') }
    if ($Lines.Count -eq 0) {
        # no candidates: an empty answer stops PowerShell from completing file names
        if ($Directive -band 4) { return '' }
        return
    }
    foreach ($L in $Lines) {
        $Parts = $L.Split([char]9, 2)
        $Value = $Prefix + $Parts[0]
        $Desc = if ($Parts.Count -gt 1 -and $Parts[1]) { $Parts[1] } else { ' ' }
        $Text = $Value
        if (-not ($Directive -band 2)) { $Text = "$Value " }
        [System.Management.Automation.CompletionResult]::new($Text, $Parts[0], 'ParameterValue', $Desc)
    }
}
`;
}

export const SHELLS: Record<string, (bin: string) => string> = {
  bash: bashScript,
  zsh: zshScript,
  fish: fishScript,
  powershell: powershellScript,
};

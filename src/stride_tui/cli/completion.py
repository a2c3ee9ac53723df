"""``stride completion bash|zsh|fish``: a shell completion script made from the argument parser.

The script is generated from the same parser as ``stride --help``, so a new option or an
allowed value shows up in both at once. It is static: pressing Tab never starts Python. (shtab
writes static scripts too but has no fish; argcomplete runs Python on every Tab.)

argparse has no public way to list a parser's actions: like shtab and argcomplete, this reads
``parser._actions``; the completion tests run the scripts in real shells and catch a change.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from stride_tui.cli.common import SHELLS as SHELLS  # where the parser reads it cheaply

PROG = "stride"


@dataclass(frozen=True)
class Option:
    """One option as a shell sees it: its flags, whether and what it takes, what it is for."""

    flags: tuple[str, ...]
    help: str
    takes_value: bool = False
    optional_value: bool = False
    values: tuple[str, ...] = ()
    value_kind: str = ""  # "file", "dir" or "" (anything, nothing to suggest)
    metavar: str = ""
    repeatable: bool = False


@dataclass(frozen=True)
class Command:
    """The top level (name "") or one subcommand, with its options and any FILE argument."""

    name: str
    help: str
    options: tuple[Option, ...]
    takes_file: bool = False
    argument_values: tuple[str, ...] = ()  # the allowed values of its one argument, if listed


def _value_kind(metavar: str) -> str:
    return {"FILE": "file", "DIR": "dir"}.get(metavar, "")


def _option(action: argparse.Action) -> Option:
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    values: tuple[str, ...] = ()
    if action.choices is not None:
        values = tuple(str(c) for c in action.choices)
    else:
        values = tuple(getattr(action.type, "values", ()))
    return Option(
        flags=tuple(action.option_strings),
        help=" ".join((action.help or "").split()),
        takes_value=action.nargs != 0,
        optional_value=action.nargs == "?",
        values=values,
        value_kind=_value_kind(metavar),
        metavar=metavar or (action.dest.upper() if action.nargs != 0 else ""),
        repeatable=isinstance(action, argparse._AppendAction),
    )


def _command(name: str, help_text: str, parser: argparse.ArgumentParser) -> Command:
    options = []
    takes_file = False
    argument_values: tuple[str, ...] = ()
    for action in parser._actions:
        if action.option_strings:
            if action.help != argparse.SUPPRESS:
                options.append(_option(action))
        elif not isinstance(action, argparse._SubParsersAction):
            takes_file = takes_file or _value_kind(str(action.metavar)) == "file"
            argument_values = tuple(str(c) for c in action.choices or ())
    return Command(
        name, " ".join(help_text.split()), tuple(options), takes_file, argument_values
    )


def commands(parser: argparse.ArgumentParser) -> list[Command]:
    """The top level first, then each subcommand in the order ``stride --help`` lists them."""
    found = [_command("", parser.description or "", parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                found.append(_command(name, helps.get(name, ""), sub))
    return found


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for ``shell`` (one of ``SHELLS``)."""
    found = commands(parser)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](found)


# --- bash ---------------------------------------------------------------------------------


def _bash(found: list[Command]) -> str:
    top, subs = found[0], found[1:]
    names = " ".join(c.name for c in subs)
    value_options = sorted({f for c in found for o in c.options if o.takes_value
                            and not o.optional_value for f in o.flags})
    lines = [
        f"# bash completion for {PROG}: eval \"$({PROG} completion bash)\" in ~/.bashrc, or save",
        f"# it as ~/.local/share/bash-completion/completions/{PROG}",
        f"_{PROG}() {{",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local command="" i skip=0',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        "        if [ $skip = 1 ]; then skip=0; continue; fi",
        '        case "${COMP_WORDS[i]}" in',
        f"            {'|'.join(value_options)}) skip=1 ;;",
        f'            {"|".join(c.name for c in subs)}) command="${{COMP_WORDS[i]}}"; break ;;',
        "        esac",
        "    done",
        '    case "$command:$prev" in',
    ]
    for c in found:
        for o in c.options:
            if not o.takes_value:
                continue
            pattern = "|".join(f"{c.name or ''}:{f}" for f in o.flags)
            if o.values:
                action = f'COMPREPLY=($(compgen -W "{" ".join(o.values)}" -- "$cur"))'
            elif o.value_kind == "dir":
                action = 'COMPREPLY=($(compgen -d -- "$cur"))'
            elif o.value_kind == "file":
                action = 'COMPREPLY=($(compgen -f -- "$cur"))'
            elif o.optional_value:
                continue  # the value may be left out: offer the options as usual
            else:
                action = "COMPREPLY=()"  # a date or a number: nothing to suggest
            lines.append(f"        {pattern}) {action}; return ;;")
    lines += ["    esac", '    local words=""', '    case "$command" in']
    for c in found:
        words = [f for o in c.options for f in o.flags]
        words += [names] if c is top else list(c.argument_values)
        lines.append(f'        "{c.name}") words="{" ".join(words)}" ;;')
    files = [c.name for c in subs if c.takes_file]
    lines += [
        "    esac",
        f'    case "$command:$cur" in {"|".join(f"{n}:[!-]*|{n}:" for n in files) or "-"})',
        '        COMPREPLY=($(compgen -f -- "$cur")); return ;;',
        "    esac",
        '    COMPREPLY=($(compgen -W "$words" -- "$cur"))',
        "}",
        f"complete -o filenames -F _{PROG} {PROG}",
        "",
    ]
    return "\n".join(lines)


# --- zsh ----------------------------------------------------------------------------------


def _zsh_text(text: str) -> str:
    """Help text inside an _arguments spec's [...] within single quotes."""
    text = text.replace("'", "'\\''").replace("[", "(").replace("]", ")")
    return text.replace(":", "\\:")


def _zsh_option(o: Option) -> list[str]:
    help_text = _zsh_text(o.help)
    if not o.takes_value:
        action = ""
    elif o.values:
        action = f":{o.metavar.lower() or 'value'}:({' '.join(o.values)})"
    elif o.value_kind == "dir":
        action = ":directory:_files -/"
    elif o.value_kind == "file":
        action = ":file:_files"
    else:
        action = f":{_zsh_text(o.metavar or 'value')}: "
    repeat = "*" if o.repeatable else ""
    specs = []
    for flag in o.flags:
        if o.optional_value:
            specs.append(f"'{repeat}{flag}=-[{help_text}]{action}'")
        else:
            specs.append(f"'{repeat}{flag}[{help_text}]{action}'")
    return specs


def _zsh(found: list[Command]) -> str:
    top, subs = found[0], found[1:]
    lines = [
        f"#compdef {PROG}",
        f"# zsh completion for {PROG}: save as _{PROG} in a folder of your $fpath, or",
        f"# eval \"$({PROG} completion zsh)\" in ~/.zshrc after compinit",
        f"_{PROG}() {{",
        "    local curcontext=\"$curcontext\" state line ret=1",
        "    typeset -A opt_args",
        "    _arguments -C \\",
    ]
    for o in top.options:
        lines += [f"        {spec} \\" for spec in _zsh_option(o)]
    lines += [
        "        '1: :->command' \\",
        "        '*:: :->args' && ret=0",
        "    case $state in",
        "        command)",
        "            local -a commands",
        "            commands=(",
    ]
    for c in subs:
        lines.append(f"                '{c.name}:{_zsh_text(c.help)}'")
    lines += [
        "            )",
        "            _describe -t commands 'stride command' commands && ret=0",
        "            ;;",
        "        args)",
        "            case $line[1] in",
    ]
    for c in subs:
        lines.append(f"                {c.name})")
        lines.append("                    _arguments \\")
        for o in c.options:
            lines += [f"                        {spec} \\" for spec in _zsh_option(o)]
        if c.takes_file:
            lines.append("                        '1:file:_files' \\")
        if c.argument_values:
            lines.append(f"                        '1:value:({' '.join(c.argument_values)})' \\")
        lines[-1] = lines[-1].removesuffix(" \\") + " && ret=0"
        lines.append("                    ;;")
    lines += [
        "            esac",
        "            ;;",
        "    esac",
        "    return ret",
        "}",
        "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then",
        f"    _{PROG} \"$@\"",
        "else",
        f"    compdef _{PROG} {PROG}",
        "fi",
        "",
    ]
    return "\n".join(lines)


# --- fish ---------------------------------------------------------------------------------


def _fish_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(found: list[Command]) -> str:
    top, subs = found[0], found[1:]
    names = " ".join(c.name for c in subs)
    lines = [
        f"# fish completion for {PROG}: save as ~/.config/fish/completions/{PROG}.fish, or",
        f"# {PROG} completion fish | source",
        f"complete -c {PROG} -f",
    ]
    for c in subs:
        lines.append(
            f"complete -c {PROG} -n '__fish_use_subcommand' -a {c.name} -d {_fish_text(c.help)}"
        )
    for c in found:
        condition = "" if c is top else f" -n '__fish_seen_subcommand_from {c.name}'"
        for o in c.options:
            if c is not top and o in top.options:
                continue  # the global options are offered everywhere already
            parts = [f"complete -c {PROG}{condition}"]
            for flag in o.flags:
                parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
            if o.takes_value and not o.optional_value:
                if o.values:
                    parts.append(f"-x -a {_fish_text(' '.join(o.values))}")
                elif o.value_kind == "dir":
                    parts.append("-x -a '(__fish_complete_directories)'")
                elif o.value_kind == "file":
                    parts.append("-r -F")
                else:
                    parts.append("-x")
            parts.append(f"-d {_fish_text(o.help)}")
            lines.append(" ".join(parts))
        if c.takes_file:
            lines.append(f"complete -c {PROG}{condition} -F")
        if c.argument_values:
            values = _fish_text(" ".join(c.argument_values))
            lines.append(f"complete -c {PROG}{condition} -a {values}")
    lines.append(f"# commands: {names}")
    lines.append("")
    return "\n".join(lines)

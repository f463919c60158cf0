"""Pygments' RegexLexer loop with each state's rules tried in one regular expression: the same
tokens, with one match in C where Pygments makes a Python call for every rule it tries (dozens a
token for Python's lexer: most of the cost of highlighting a code block).

A state's rules become one alternation, each rule its own named group, in rule order: Python's
regular expressions take the first alternative that matches at a position, as Pygments takes the
first rule, and the group that matched names the rule, whose own pattern then matches again for
the action (its groups numbered as it expects). A rule that cannot join one (a backreference, a
group name, flags of its own other than a leading `(?i)`/`(?s)`/`(?m)`) is tried on its own at
its place between the runs that can. Lexers that change the loop itself keep Pygments' own."""

from __future__ import annotations

import re
import types
from typing import Callable, Iterator

from pygments.lexer import Lexer, RegexLexer
from pygments.token import Error, Whitespace, _TokenType

# Group numbers or names would change inside the alternation: such a rule is tried alone.
_UNJOINABLE = re.compile(r"\\[1-9]|\(\?P[<=]|\(\?\(")
_LEADING_FLAGS = re.compile(r"\(\?([ims]+)\)")
_FLAG = {"i": re.I, "m": re.M, "s": re.S}

# (lexer class, state) -> [(match, rule index, or None for a joined run)]
_Table = list[tuple[Callable, "int | None"]]
_tables: dict[tuple[type, str], _Table] = {}


def faster(lexer: Lexer) -> Lexer:
    """`lexer`, lexing through the joined rules when it uses RegexLexer's own loop."""
    if isinstance(lexer, RegexLexer) and type(lexer).get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed:
        lexer.get_tokens_unprocessed = types.MethodType(_tokens_unprocessed, lexer)  # type: ignore[method-assign]
    return lexer


def _source(rexmatch, base: int) -> str | None:
    """The rule's pattern as it can stand in an alternation compiled with `base` flags, or None."""
    pattern = getattr(rexmatch, "__self__", None)
    if not isinstance(pattern, re.Pattern) or getattr(rexmatch, "__name__", "") != "match" \
            or not isinstance(pattern.pattern, str) or _UNJOINABLE.search(pattern.pattern):
        return None
    if pattern.flags == base:
        return pattern.pattern
    lead = _LEADING_FLAGS.match(pattern.pattern)  # `(?i)…` may only lead a pattern: scoped, it joins
    if lead and pattern.flags == base | sum({_FLAG[c] for c in lead.group(1)}):
        return f"(?{lead.group(1)}:{pattern.pattern[lead.end():]})"
    return None


def _table(cls: type, state: str, rules: list) -> _Table:
    found = _tables.get((cls, state))
    if found is not None:
        return found
    base = re.compile("", getattr(cls, "flags", re.M)).flags  # as Pygments compiles its rules
    table: _Table = []
    run: list[tuple[int, str]] = []

    def close() -> None:
        if len(run) > 1 and not base & re.X:  # a verbose rule's comment would swallow the next ones
            try:
                joined = "|".join(f"(?P<_{i}>{source})" for i, source in run)
                table.append((re.compile(joined, base).match, None))
                run.clear()
                return
            except re.error:
                pass
        table.extend((rules[i][0], i) for i, _ in run)
        run.clear()

    for i, (rexmatch, _action, _state) in enumerate(rules):
        source = _source(rexmatch, base)
        if source is None:
            close()
            table.append((rexmatch, i))
        else:
            run.append((i, source))
    close()
    _tables[(cls, state)] = table
    return table


def _tokens_unprocessed(self: RegexLexer, text: str, stack=("root",)) -> Iterator:
    """RegexLexer.get_tokens_unprocessed (Pygments 2.x), the rules of a state tried as _table joins them."""
    pos = 0
    tokendefs = self._tokens
    cls = type(self)
    statestack = list(stack)
    statetokens = tokendefs[statestack[-1]]
    table = _table(cls, statestack[-1], statetokens)
    while True:
        m = None
        for match, index in table:
            m = match(text, pos)
            if m:
                if index is None:  # a joined run: the rule whose group matched, matched again on its own
                    index = int(m.lastgroup[1:])
                    m = statetokens[index][0](text, pos)
                break
        if m:
            _, action, new_state = statetokens[index]
            if action is not None:
                if type(action) is _TokenType:
                    yield pos, action, m.group()
                else:
                    yield from action(self, m)
            pos = m.end()
            if new_state is not None:
                _transition(statestack, new_state)
                statetokens = tokendefs[statestack[-1]]
                table = _table(cls, statestack[-1], statetokens)
            continue
        # no rule matched
        try:
            if text[pos] == "\n":  # at the end of a line, back to "root"
                statestack = ["root"]
                statetokens = tokendefs["root"]
                table = _table(cls, "root", statetokens)
                yield pos, Whitespace, "\n"
                pos += 1
                continue
            yield pos, Error, text[pos]
            pos += 1
        except IndexError:
            break


def _transition(statestack: list, new_state) -> None:
    """A rule's state change, as RegexLexer makes it."""
    if isinstance(new_state, tuple):
        for state in new_state:
            if state == "#pop":
                if len(statestack) > 1:
                    statestack.pop()
            elif state == "#push":
                statestack.append(statestack[-1])
            else:
                statestack.append(state)
    elif isinstance(new_state, int):  # pop, keeping at least one state
        if abs(new_state) >= len(statestack):
            del statestack[1:]
        else:
            del statestack[new_state:]
    elif new_state == "#push":
        statestack.append(statestack[-1])
    else:
        raise AssertionError(f"wrong state def: {new_state!r}")

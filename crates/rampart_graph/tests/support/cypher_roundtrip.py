"""Parses Cypher from stdin with the openCypher ANTLR4 grammar (PyPI `antlr4-cypher`) and
prints what it creates as JSON, so the Rust test can compare it with the graph it rendered:
{"nodes": [{"var", "labels", "props"}], "relationships": [{"from_id", "to_id", "type", "props"}]}.

Any syntax error exits with status 1 and the parser's message. Used by
crates/rampart_graph/tests/renderers.rs; needs `pip install antlr4-cypher==0.1.2`.
"""
import json
import sys

from antlr4 import CommonTokenStream, InputStream, ParserRuleContext
from antlr4.error.ErrorListener import ErrorListener
from antlr4_cypher import CypherLexer, CypherParser


class Fail(ErrorListener):
    def syntaxError(self, recognizer, offending, line, column, msg, e):
        sys.stderr.write(f"line {line}:{column}: {msg}\n")
        sys.exit(1)


def literal(ctx):
    """The Python value of a literal expression's text (numbers, quoted strings)."""
    text = ctx.getText()
    if text and text[0] in "'\"":
        body = text[1:-1]
        out, i = [], 0
        while i < len(body):
            c = body[i]
            if c == "\\" and i + 1 < len(body):
                n = body[i + 1]
                if n == "u":
                    out.append(chr(int(body[i + 2 : i + 6], 16)))
                    i += 6
                    continue
                out.append({"n": "\n", "r": "\r", "t": "\t"}.get(n, n))
                i += 2
                continue
            out.append(c)
            i += 1
        return "".join(out)
    try:
        return int(text)
    except ValueError:
        return float(text)


def props(map_ctx):
    if map_ctx is None:
        return {}
    out = {}
    for pair in map_ctx.mapPair():
        out[pair.name().getText()] = literal(pair.expression())
    return out


def parse(statement):
    lexer = CypherLexer(InputStream(statement))
    lexer.removeErrorListeners()
    lexer.addErrorListener(Fail())
    parser = CypherParser(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(Fail())
    return parser.script()


def main():
    # the grammar's `script` is one query: Rampart writes one statement a line (names and
    # details are escaped, so no statement spans lines)
    nodes, rels = [], []

    def walk(ctx):
        name = type(ctx).__name__
        if name == "CreateStContext":
            for part in ctx.pattern().patternPart():
                elem = part.patternElem()
                chain = elem.patternElemChain()
                first = elem.nodePattern()
                if not chain:
                    labels = first.nodeLabels()
                    nodes.append({
                        "var": first.symbol().getText() if first.symbol() else None,
                        "labels": [l.getText() for l in labels.name()] if labels else [],
                        "props": props(first.properties().mapLit() if first.properties() else None),
                    })
                else:
                    for link in chain:
                        rel = link.relationshipPattern().relationDetail()
                        rels.append({
                            "from": first.symbol().getText(),
                            "to": link.nodePattern().symbol().getText(),
                            "type": rel.relationshipTypes().getText().lstrip(":"),
                            "props": props(rel.properties().mapLit() if rel.properties() else None),
                        })
            return
        if name == "MatchStContext":
            # MATCH (a {id: 1}), (b {id: 2}): remember which id each variable stands for
            for part in ctx.patternWhere().pattern().patternPart():
                node = part.patternElem().nodePattern()
                p = props(node.properties().mapLit() if node.properties() else None)
                ids[node.symbol().getText()] = p.get("id")
        for i in range(ctx.getChildCount()):
            child = ctx.getChild(i)
            if isinstance(child, ParserRuleContext):
                walk(child)

    for line in sys.stdin.read().splitlines():
        if not line.strip():
            continue
        ids = {}
        before = len(rels)
        walk(parse(line))
        for rel in rels[before:]:
            rel["from_id"] = ids.get(rel.pop("from"))
            rel["to_id"] = ids.get(rel.pop("to"))
    print(json.dumps({"nodes": nodes, "relationships": rels}))


if __name__ == "__main__":
    main()

"""Normalise the .ts to the committed layout (ElementTree, 2-space indent) and keep the
numerus form of "Import %n file(s)"."""

import sys
import xml.etree.ElementTree as ET

p = sys.argv[1]
tree = ET.parse(p)
root = tree.getroot()
for msg in root.iter("message"):
    src = msg.findtext("source")
    if src == "Import %n file(s)":
        msg.set("numerus", "yes")
        tr = msg.find("translation")
        text = tr.text if tr.text and tr.text.strip() else None
        if tr.find("numerusform") is None:
            for child in list(tr):
                tr.remove(child)
            nf = ET.SubElement(tr, "numerusform")
            nf.text = text or "导入 %n 个文件"
            tr.text = None
        tr.attrib.pop("type", None)
ET.indent(tree, space="  ")
body = ET.tostring(root, encoding="unicode")
with open(p, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")

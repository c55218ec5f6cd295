import { describe, expect, it } from 'vitest';
import { readNamedDestinationPages } from './render-pdf';

// The shape Chromium writes: a page tree of two levels and the named destinations of the anchors in /Dests.
const PDF = `%PDF-1.4
2 0 obj
<</Type /Page
/Parent 28 0 R>>
endobj
9 0 obj
<</Type /Page
/Parent 28 0 R>>
endobj
14 0 obj
<</Type /Page
/Contents 15 0 R
/Parent 29 0 R>>
endobj
15 0 obj
<</Filter /FlateDecode
/Length 3>> stream
xyz
endstream
endobj
20 0 obj
<</Type /Page
/Parent 29 0 R>>
endobj
28 0 obj
<</Type /Pages
/Count 2
/Kids [2 0 R 9 0 R]
/Parent 30 0 R>>
endobj
29 0 obj
<</Type /Pages
/Count 2
/Kids [14 0 R 20 0 R]
/Parent 30 0 R>>
endobj
30 0 obj
<</Type /Pages
/Count 4
/Kids [28 0 R 29 0 R]>>
endobj
31 0 obj
<</section-purpose [9 0 R /XYZ 6 827.13 0]
/section-budget [20 0 R /XYZ 6 827.13 0]
/appendix#2Dlines [14 0 R /XYZ 6 827.13 0]>>
endobj
32 0 obj
<</Type /Catalog
/Pages 30 0 R
/Dests 31 0 R>>
endobj
%%EOF`;

describe('reading page numbers back from a PDF', () => {
  it('maps each named destination to its page in page-tree order', () => {
    const pages = readNamedDestinationPages(Buffer.from(PDF, 'latin1'));
    expect(Object.fromEntries(pages)).toEqual({
      'section-purpose': 2,
      'appendix-lines': 3,
      'section-budget': 4,
    });
  });

  it('gives nothing (and the caller keeps the first pass) when the PDF has no destinations', () => {
    expect(readNamedDestinationPages(Buffer.from('%PDF-1.4\n%%EOF')).size).toBe(0);
  });
});

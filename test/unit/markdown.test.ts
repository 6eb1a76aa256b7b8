import { strict as assert } from 'node:assert';
import { renderMarkdown } from '../../src/core/markdown';

/** The tag names that appear as real (unescaped) tags in the HTML. */
function tags(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)\b/g)].map((m) => m[1].toLowerCase());
}

/** Every attribute name on a real tag. */
function attributes(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const a of tag[0].matchAll(/\s([a-zA-Z-]+)=/g)) out.push(a[1].toLowerCase());
  }
  return out;
}

describe('renderMarkdown', function () {
  it('renders ordinary markdown', function () {
    const html = renderMarkdown('# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n');
    assert.match(html, /<h1>Title<\/h1>/);
    assert.match(html, /<strong>bold<\/strong>/);
    assert.match(html, /<code>code<\/code>/);
    assert.deepEqual(tags(html).filter((t) => t === 'li'), ['li', 'li']);
  });

  describe('raw HTML is escaped, never rendered', function () {
    const attacks = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<img src="x" onerror="alert(1)">',
      '<iframe src="https://evil.example"></iframe>',
      '<div onclick="alert(1)">click</div>',
      '<svg onload=alert(1)>',
      'inline <script>alert(1)</script> in a paragraph',
      '<a href="javascript:alert(1)">x</a>',
      '<style>body{display:none}</style>',
    ];
    for (const input of attacks) {
      it(JSON.stringify(input), function () {
        const html = renderMarkdown(input);
        const bad = tags(html).filter((t) => ['script', 'img', 'iframe', 'div', 'svg', 'style'].includes(t));
        assert.deepEqual(bad, [], `rendered ${JSON.stringify(html)}`);
        assert.ok(!attributes(html).some((a) => a.startsWith('on')), `event handler attribute in ${JSON.stringify(html)}`);
        assert.ok(!/href="javascript:/i.test(html), `javascript: href in ${JSON.stringify(html)}`);
        assert.ok(html.includes('&lt;'), 'the markup shows as text');
      });
    }

    it('keeps the text of the markup visible', function () {
      assert.equal(renderMarkdown('<script>alert(1)</script>').trim(), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    });
  });

  describe('code', function () {
    it('renders a fenced block as <pre><code> with its language', function () {
      const html = renderMarkdown('```ts\nexport const x = 1;\n```\n');
      assert.match(html, /^<pre><code class="language-ts">export const x = 1;\n<\/code><\/pre>/);
    });

    it('escapes HTML inside a code block', function () {
      const html = renderMarkdown('```html\n<script>alert("x")</script>\n```\n');
      assert.ok(html.startsWith('<pre><code'));
      assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
      assert.ok(!tags(html).includes('script'));
    });

    it('renders an indented block as <pre><code>', function () {
      assert.match(renderMarkdown('para\n\n    const y = 2;\n'), /<pre><code>const y = 2;\n<\/code><\/pre>/);
    });

    it('escapes HTML inside inline code', function () {
      assert.match(renderMarkdown('use `<b>` here'), /<code>&lt;b&gt;<\/code>/);
    });
  });

  describe('links', function () {
    it('adds data-href with the target to a markdown link', function () {
      const html = renderMarkdown('[the docs](https://example.com/docs)');
      assert.match(html, /<a [^>]*data-href="https:\/\/example\.com\/docs"[^>]*>the docs<\/a>/);
    });

    it('adds data-href to autolinks and linkified URLs', function () {
      assert.match(renderMarkdown('<https://example.com/a>'), /<a [^>]*data-href="https:\/\/example\.com\/a"/);
      assert.match(renderMarkdown('see https://example.com/b now'), /<a [^>]*data-href="https:\/\/example\.com\/b"/);
    });

    it('adds data-href to every link in a document', function () {
      const html = renderMarkdown('[a](https://a.example) and [b](./other.md)');
      assert.equal(html.match(/<a /g)?.length, 2);
      assert.equal(html.match(/data-href=/g)?.length, 2);
      assert.match(html, /data-href="\.\/other\.md"/);
    });

    it('keeps a title and escapes quotes in the target', function () {
      const html = renderMarkdown('[x](https://e.example/"onmouseover="alert(1) "a title")');
      assert.ok(!attributes(html).includes('onmouseover'), html);
      assert.match(html, /title="a title"/);
    });

    const unsafe = [
      '[x](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[x](java&#x73;cript:alert(1))',
      '<javascript:alert(1)>',
      '[x](vbscript:msgbox(1))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    ];
    for (const input of unsafe) {
      it(`does not render ${JSON.stringify(input)} as a link`, function () {
        const html = renderMarkdown(input);
        assert.ok(!tags(html).includes('a'), `rendered a link: ${html}`);
        assert.ok(!/data-href/.test(html));
      });
    }
  });
});

// Runs inside the deck page (added with page.addInitScript): measures what a person in the
// room would see on the current slide. Plain browser JavaScript on purpose, so no build
// step can rename or wrap anything before Playwright sends it to the page.
(() => {
  const tolerance = 1 // px in canvas units: sub-pixel rounding is not an overflow

  /** The slide's own element (Slidev's SlideWrapper) in the play view. */
  function slideElement(no) {
    return document.querySelector(`#slide-content [data-slidev-no="${no}"]`)
  }

  function visible(element) {
    return element.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })
  }

  function transparent(color) {
    return !color || color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color)
  }

  /** Does this element paint anything itself (beyond its text, which is measured separately)? */
  function paints(element, style) {
    if ([
      'IMG',
      'SVG',
      'svg',
      'CANVAS',
      'VIDEO',
      'IFRAME',
      'INPUT',
      'BUTTON',
      'TEXTAREA',
    ].includes(element.tagName)) {
      return true
    }
    if (!transparent(style.backgroundColor) || style.backgroundImage !== 'none' || style.boxShadow !== 'none')
      return true
    return ['Top', 'Right', 'Bottom', 'Left'].some(side =>
      Number.parseFloat(style[`border${side}Width`]) > 0 && style[`border${side}Style`] !== 'none' && !transparent(style[`border${side}Color`]))
  }

  function describe(element) {
    const classes = [...element.classList].filter(name => !name.startsWith('slidev-vclick')).slice(0, 3)
    const id = element.id
      ? `#${element.id}`
      : ''
    return `<${element.tagName.toLowerCase()}${id}${classes.length
      ? `.${classes.join('.')}`
      : ''}>`
  }

  function snippet(text) {
    const flat = (text || '').replace(/\s+/g, ' ').trim()
    return flat.length > 60
      ? `${flat.slice(0, 57)}...`
      : flat
  }

  /** Screen-reader-only text (the 1px clipped-box idiom) is not on the slide for the audience. */
  function visuallyHidden(element, style) {
    const box = element.getBoundingClientRect()
    return style.clip !== 'auto' || (clips(style) && (box.width <= 2 || box.height <= 2))
  }

  function clips(style) {
    return style.overflowX !== 'visible' || style.overflowY !== 'visible'
  }

  /**
   * Clips `rect` by every ancestor inside the slide whose overflow is not visible (its client
   * area: no borders, no scrollbars). Returns what is left and which ancestors cut how much.
   */
  function clipToAncestors(rect, from, slide, scale) {
    let { left, top, right, bottom } = rect
    const cuts = []
    for (let node = from; node && node !== slide; node = node.parentElement) {
      const style = getComputedStyle(node)
      if (!clips(style))
        continue
      const box = node.getBoundingClientRect()
      const innerLeft = box.left + node.clientLeft * scale
      const innerTop = box.top + node.clientTop * scale
      const area = {
        left: innerLeft,
        top: innerTop,
        right: innerLeft + node.clientWidth * scale,
        bottom: innerTop + node.clientHeight * scale,
      }
      const before = { left, top, right, bottom }
      if (style.overflowX !== 'visible') {
        left = Math.max(left, area.left)
        right = Math.min(right, area.right)
      }
      if (style.overflowY !== 'visible') {
        top = Math.max(top, area.top)
        bottom = Math.min(bottom, area.bottom)
      }
      const by = {
        left: Math.round((left - before.left) / scale),
        right: Math.round((before.right - right) / scale),
        top: Math.round((top - before.top) / scale),
        bottom: Math.round((before.bottom - bottom) / scale),
      }
      if (Object.values(by).some(px => px > tolerance))
        cuts.push({ node, by })
    }
    return {
      rect: { left, top, right, bottom },
      cuts,
    }
  }

  /**
   * Every visible thing on the slide that lies outside the 980x552 canvas, and every box that
   * hides some of its text (scrolled or overflow: hidden). Distances are in canvas pixels.
   */
  function inspect(no) {
    const slide = slideElement(no)
    const canvasElement = document.querySelector('#slide-content')
    if (!slide || !canvasElement)
      return { found: false, heading: null, issues: [] }
    const canvas = canvasElement.getBoundingClientRect()
    const scale = canvas.width / canvasElement.offsetWidth || 1
    const outside = new Map()
    const cutOff = new Map()

    function measure(rect, element, text, { cuttable }) {
      if (rect.right - rect.left <= 0 || rect.bottom - rect.top <= 0)
        return
      const { rect: shown, cuts } = clipToAncestors(rect, element, slide, scale)
      if (cuttable) {
        for (const { node, by } of cuts) {
          const entry = cutOff.get(node) ?? {
            kind: 'cut-off',
            element: describe(node),
            text: snippet(node.textContent),
            by: {},
          }
          for (const [side, px] of Object.entries(by)) {
            if (px > tolerance)
              entry.by[side] = Math.max(entry.by[side] ?? 0, px)
          }
          cutOff.set(node, entry)
        }
      }
      if (shown.right - shown.left <= 0 || shown.bottom - shown.top <= 0)
        return // hidden entirely inside a box: reported as cut off, not as outside
      const by = {
        left: Math.round((canvas.left - shown.left) / scale),
        right: Math.round((shown.right - canvas.right) / scale),
        top: Math.round((canvas.top - shown.top) / scale),
        bottom: Math.round((shown.bottom - canvas.bottom) / scale),
      }
      const sides = Object.entries(by).filter(([, px]) => px > tolerance)
      if (!sides.length)
        return
      const key = `${describe(element)}|${text}`
      if (!outside.has(key)) {
        outside.set(key, {
          kind: 'outside',
          element: describe(element),
          text: snippet(text),
          by: Object.fromEntries(sides),
        })
      }
    }

    const hidden = new Set()
    for (const element of [
      slide,
      ...slide.querySelectorAll('*'),
    ]) {
      if (element.closest('svg') && element.tagName.toLowerCase() !== 'svg')
        continue // an SVG is measured as one picture
      if (hidden.has(element.parentElement) || !visible(element)) {
        hidden.add(element)
        continue
      }
      const style = getComputedStyle(element)
      if (element !== slide && visuallyHidden(element, style)) {
        hidden.add(element)
        continue
      }
      if (element !== slide && paints(element, style)) {
        measure(element.getBoundingClientRect(), element, element.textContent, {
          cuttable: ['IMG', 'svg', 'CANVAS', 'VIDEO'].includes(element.tagName),
        })
      }

      // Text is measured by its own glyph boxes: an element can be narrower than its text.
      for (const child of element.childNodes) {
        if (child.nodeType !== Node.TEXT_NODE || !child.textContent.trim() || transparent(style.color))
          continue
        const range = document.createRange()
        range.selectNodeContents(child)
        measure(range.getBoundingClientRect(), element, child.textContent, { cuttable: true })
      }
    }
    const issues = [
      ...outside.values(),
      ...cutOff.values(),
    ]

    const heading = [
      ...slide.querySelectorAll('h1'),
    ].find(h => visible(h) && h.textContent.trim())
    return {
      found: true,
      heading: heading
        ? snippet(heading.textContent)
        : null,
      issues,
    }
  }

  /**
   * The settle rule: the slide alone is shown, its pictures are decoded, and nothing on the
   * page is still moving (slide transition, v-click fade, a diagram's CSS transition).
   * Endless animations do not count.
   */
  function settled(no) {
    const shown = [
      ...document.querySelectorAll('#slideshow [data-slidev-no]'),
    ].filter(el => el.checkVisibility())
    if (shown.length !== 1 || String(shown[0].dataset.slidevNo) !== String(no))
      return false
    if (document.querySelector('#slideshow [class*="-leave-active"], #slideshow [class*="-enter-active"]'))
      return false
    if ([
      ...shown[0].querySelectorAll('img'),
    ].some(img => !img.complete)) {
      return false
    }
    return document.getAnimations().every(animation => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity)
  }

  /**
   * Slidev's own navigation state (the numbers its "next" acts on): the slide, its click and
   * how many clicks the slide registered, read from the app's injected context.
   */
  function slidev() {
    return document.querySelector('#app')?.__vue_app__?._context.provides['$$slidev-context']
  }

  function nav() {
    const state = slidev()?.nav
    return state
      ? { no: state.currentSlideNo, clicks: state.clicks, total: state.clicksTotal }
      : undefined
  }

  /** Every slide as the build knows it: title, file, frontmatter, rendered notes (none without notes). */
  function slides() {
    return (slidev()?.nav.slides ?? []).map(route => ({
      no: route.no,
      title: route.meta.slide.title ?? '',
      file: route.meta.slide.filepath ?? '',
      frontmatter: route.meta.slide.frontmatter ?? {},
      noteHtml: route.meta.slide.noteHTML ?? '',
    }))
  }

  const seconds = list => Math.max(...list.split(',').map(value => Number.parseFloat(value) * (value.trim().endsWith('ms')
    ? 0.001
    : 1)))

  /**
   * What the slide's own styles declare (Slidev's click targets and code copy button aside,
   * whose motion is Slidev's): `any` lists every element with a transition or animation
   * duration; otherwise only transitions of properties other than opacity and transform.
   */
  function declaredMotion(no, any) {
    const found = []
    for (const element of slideElement(no)?.querySelectorAll('*') ?? []) {
      if (element.matches('.slidev-vclick-target, .slidev-code-copy, .slidev-code-wrapper'))
        continue
      const style = getComputedStyle(element)
      const what = `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`
      if (any) {
        for (const [pseudo, declared] of [
          ['', style],
          [
            '::before',
            getComputedStyle(element, '::before'),
          ],
          [
            '::after',
            getComputedStyle(element, '::after'),
          ],
        ]) {
          if (seconds(declared.transitionDuration) > 0 || (declared.animationName !== 'none' && seconds(declared.animationDuration) > 0))
            found.push(`CSS duration ${declared.transitionDuration} / ${declared.animationDuration} on ${what}${pseudo}`)
        }
        continue
      }
      const durations = style.transitionDuration.split(',').map(seconds)
      for (const [index, property] of style.transitionProperty.split(',').map(value => value.trim()).entries()) {
        if (durations[index % durations.length] > 0 && property !== 'opacity' && property !== 'transform')
          found.push(`${what} declares a transition of ${property}`)
      }
    }
    return found
  }

  /** Animations running now (finite ones), for the reduced-motion pass. */
  function running() {
    return document.getAnimations()
      .filter(animation => animation.playState === 'running' && Number(animation.effect?.getComputedTiming().duration ?? 0) > 0)
      .map(animation => `${animation.constructor.name} ${animation.transitionProperty ?? animation.animationName ?? ''} on ${describe(animation.effect?.target ?? document.body)}`)
  }

  /**
   * Drawings that are neither hidden from screen readers nor an image with a name. An icon in
   * a button or link (Slidev's copy button) is named by it; axe checks that name.
   */
  function unnamedSvgs(no) {
    return [
      ...slideElement(no)?.querySelectorAll('svg') ?? [],
    ]
      .filter(svg => !svg.closest('[aria-hidden="true"], button, a[href]') && !svg.parentElement?.closest('svg'))
      .filter(svg => svg.getAttribute('role') !== 'img' || !(svg.getAttribute('aria-label') || svg.querySelector(':scope > title')?.textContent?.trim()))
      .map(svg => svg.outerHTML.replace(/\s+/g, ' ').slice(0, 120))
  }

  /**
   * Every CSS transition and animation that starts inside a slide, from page load on: the
   * property it animates (each keyframe property for an animation), the slide, the element.
   * `takeMotion()` returns what started since the last call.
   */
  const motion = []
  function recordMotion(event) {
    const target = event.target
    const slide = target instanceof Element
      ? target.closest('#slide-content [data-slidev-no]')
      : null
    if (!slide)
      return
    const properties = event.type === 'transitionrun'
      ? [event.propertyName]
      : [
          ...new Set(target.getAnimations()
            .filter(animation => animation.animationName === event.animationName)
            .flatMap(animation => animation.effect.getKeyframes().flatMap(frame => Object.keys(frame)))
            .filter(key => ![
              'offset',
              'computedOffset',
              'easing',
              'composite',
            ].includes(key))),
        ]
    motion.push({
      kind: event.type === 'transitionrun'
        ? 'transition'
        : `animation ${event.animationName}`,
      properties,
      slide: Number(slide.dataset.slidevNo),
      element: `<${target.tagName.toLowerCase()} class="${target.getAttribute('class') ?? ''}">`,
    })
  }
  addEventListener('transitionrun', recordMotion, true)
  addEventListener('animationstart', recordMotion, true)
  const takeMotion = () => motion.splice(0)

  // ---- What the back of the room sees: words, type sizes, code blocks, contrast ----
  // Sizes are reported at projector size: the canvas drawn 1920 px wide (1080p).

  const projectorWidth = 1920

  /** rgb()/rgba() to [r, g, b, a], channels 0..255, alpha 0..1; undefined for anything else. */
  function parseColor(value) {
    const match = /rgba?\(([^)]+)\)/.exec(value || '')
    if (!match)
      return undefined
    const [r, g, b, a = 1] = match[1].split(/[\s,/]+/).filter(Boolean).map(Number)
    return [r, g, b, a]
  }

  function luminance([r, g, b]) {
    const channel = (c) => {
      const s = c / 255
      return s <= 0.04045
        ? s / 12.92
        : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
  }

  function contrast(a, b) {
    const [hi, lo] = [
      luminance(a),
      luminance(b),
    ].sort((x, y) => y - x)
    return (hi + 0.05) / (lo + 0.05)
  }

  /** The opaque colour behind `element`: the nearest background, over the page's. */
  function backgroundOf(element) {
    const layers = []
    for (let node = element; node; node = node.parentElement) {
      const own = node instanceof SVGElement
        ? undefined
        : parseColor(getComputedStyle(node).backgroundColor)
      if (own && own[3] > 0) {
        layers.push(own)
        if (own[3] >= 1)
          break
      }
      if (node === document.documentElement)
        layers.push([255, 255, 255, 1])
    }
    // Composite from the back (the opaque layer) to the front.
    let [r, g, b] = layers.at(-1) ?? [255, 255, 255]
    for (const [lr, lg, lb, la] of layers.slice(0, -1).reverse())
      [r, g, b] = [lr * la + r * (1 - la), lg * la + g * (1 - la), lb * la + b * (1 - la)]
    return [r, g, b]
  }

  /** Every opacity between `element` and the slide, multiplied (a dimmed code line is 0.3 or so). */
  function opacityOf(element, slide) {
    let opacity = 1
    for (let node = element; node && node !== slide.parentElement; node = node.parentElement)
      opacity *= Number(getComputedStyle(node).opacity)
    return opacity
  }

  /** How much the canvas is scaled at `element` (Slidev's `zoom`, a diagram's viewBox). */
  function scaleAt(element, canvasScale) {
    if (element instanceof SVGGraphicsElement) {
      const m = element.getScreenCTM()
      return m
        ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) / canvasScale
        : 1
    }
    const box = element.getBoundingClientRect()
    return element.offsetWidth > 0
      ? box.width / element.offsetWidth / canvasScale
      : 1
  }

  /**
   * Roles: `heading` (h1-h6), `label` (inside an SVG, <small>, <figcaption> or an element
   * marked `data-label`: chart labels, file names, footers), `code` (a code block, or inline
   * code and keys in prose), `body` (all other prose).
   */
  function roleOf(element) {
    if (element.closest('pre'))
      return 'block-code'
    if (element.closest('svg, small, figcaption, [data-label]'))
      return 'label'
    if (element.closest('h1, h2, h3, h4, h5, h6'))
      return 'heading'
    if (element.closest('code, kbd'))
      return 'code'
    return 'body'
  }

  const countWords = text => text.split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word)).length

  /**
   * The slide as the audience reads it: prose words (headings, body, labels, inline code;
   * not code blocks), the smallest text and the smallest body text at projector size, each
   * code block's line count and type size, and every text below `minContrast` against what
   * is behind it after all opacities (dimmed code lines included).
   */
  function stage(no, minContrast = 4.5) {
    const slide = slideElement(no)
    const canvasElement = document.querySelector('#slide-content')
    if (!slide || !canvasElement)
      return { found: false }
    const canvasScale = canvasElement.getBoundingClientRect().width / canvasElement.offsetWidth || 1
    const toProjector = projectorWidth / canvasElement.offsetWidth
    let words = 0
    const prose = []
    let smallest
    let smallestBody
    const lowContrast = new Map()
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.replace(/\s+/g, ' ').trim()
      const element = node.parentElement
      if (!text || !element || !visible(element))
        continue
      if ([
        ...ancestors(element, slide),
      ].some(a => visuallyHidden(a, getComputedStyle(a)))) {
        continue
      }
      const style = getComputedStyle(element)
      const role = roleOf(element)
      const px = Number.parseFloat(style.fontSize) * scaleAt(element, canvasScale) * toProjector
      const entry = {
        px: Math.round(px * 10) / 10,
        text: snippet(text),
        element: describe(element),
        role,
      }
      if (!smallest || px < smallest.px)
        smallest = entry
      if (role === 'body' && (!smallestBody || px < smallestBody.px))
        smallestBody = entry
      if (role !== 'block-code') {
        words += countWords(text)
        prose.push(text)
      }
      const fg = parseColor(element instanceof SVGElement
        ? style.fill
        : style.color)
      if (!fg)
        continue
      const svgBackground = element.closest('svg') && element.closest('[data-bg]')?.getAttribute('data-bg')
      const bg = svgBackground
        ? hexToRgb(svgBackground)
        : backgroundOf(element instanceof SVGElement
            ? element.closest('svg').parentElement
            : element)
      const alpha = fg[3] * opacityOf(element, slide) * (element instanceof SVGElement
        ? Number(style.fillOpacity)
        : 1)
      const shown = [0, 1, 2].map(i => fg[i] * alpha + bg[i] * (1 - alpha))
      const ratio = contrast(shown, bg)
      if (ratio < minContrast) {
        const key = describe(element) + text
        if (!lowContrast.has(key)) {
          lowContrast.set(key, {
            ratio: Math.round(ratio * 100) / 100,
            text: snippet(text),
            element: describe(element),
          })
        }
      }
    }
    const codeBlocks = [
      ...slide.querySelectorAll('pre'),
    ].filter(visible).map((pre) => {
      const code = pre.querySelector('code') ?? pre
      const lines = pre.querySelectorAll('.line').length || pre.textContent.replace(/\n$/, '').split('\n').length
      return {
        lines,
        px: Math.round(Number.parseFloat(getComputedStyle(code).fontSize) * scaleAt(code, canvasScale) * toProjector * 10) / 10,
        first: snippet(pre.textContent.split('\n').find(line => line.trim()) ?? ''),
      }
    })
    return {
      found: true,
      words,
      prose: prose.join(' '),
      smallest: smallest ?? null,
      smallestBody: smallestBody ?? null,
      codeBlocks,
      lowContrast: [
        ...lowContrast.values(),
      ].sort((a, b) => a.ratio - b.ratio).slice(0, 10),
    }
  }

  function* ancestors(element, slide) {
    for (let node = element; node && node !== slide; node = node.parentElement)
      yield node
  }

  function hexToRgb(hex) {
    const value = hex.replace('#', '')
    const full = value.length === 3
      ? [...value].map(c => c + c).join('')
      : value
    return [0, 2, 4].map(i => Number.parseInt(full.slice(i, i + 2), 16))
  }

  window.__deckInspector = {
    inspect,
    settled,
    nav,
    slides,
    declaredMotion,
    running,
    unnamedSvgs,
    takeMotion,
    stage,
  }
})()

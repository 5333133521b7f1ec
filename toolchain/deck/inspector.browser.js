// Runs inside the deck page (page.addInitScript): what only the page can measure, as the
// audience sees it: boxes outside the canvas or cut off, the settle rule, Slidev's navigation,
// motion events, text sizes and contrast at projector size, frame intervals. Plain browser
// JavaScript, so no build step renames or wraps anything before Playwright sends it.
(() => {
  const tolerance = 1 // canvas px: sub-pixel rounding is not an overflow
  const slideElement = no => document.querySelector(`#slide-content [data-slidev-no="${no}"]`)
  const visible = element => element.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })
  const transparent = color => !color || color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color)
  const clips = style => style.overflowX !== 'visible' || style.overflowY !== 'visible'
  const snippet = text => (text || '').replace(/\s+/g, ' ').trim().replace(/^(.{57}).{4,}$/, '$1...')

  /** `<div#id.a.b.c>`: the element, its id and first three classes (Slidev's click classes aside). */
  function describe(element) {
    const classes = [...element.classList].filter(name => !name.startsWith('slidev-vclick')).slice(0, 3)
    return `<${element.tagName.toLowerCase()}${element.id && `#${element.id}`}${classes.map(name => `.${name}`).join('')}>`
  }

  /** Screen-reader-only text (the 1px clipped-box idiom) is not on the slide for the audience. */
  function visuallyHidden(element, style = getComputedStyle(element)) {
    const box = element.getBoundingClientRect()
    return style.clip !== 'auto' || (clips(style) && (box.width <= 2 || box.height <= 2))
  }

  /** Whether the element paints anything itself (its text is measured separately). */
  function paints(element, style) {
    if (/^(?:IMG|svg|CANVAS|VIDEO|IFRAME|INPUT|BUTTON|TEXTAREA)$/.test(element.tagName))
      return true
    if (!transparent(style.backgroundColor) || style.backgroundImage !== 'none' || style.boxShadow !== 'none')
      return true
    return ['Top', 'Right', 'Bottom', 'Left'].some(side => Number.parseFloat(style[`border${side}Width`]) > 0
      && style[`border${side}Style`] !== 'none' && !transparent(style[`border${side}Color`]))
  }

  /** How far `inner` reaches past `outer` on each side, in canvas px, the sides over the tolerance. */
  function beyond(inner, outer, scale) {
    const by = {
      left: Math.round((outer.left - inner.left) / scale),
      right: Math.round((inner.right - outer.right) / scale),
      top: Math.round((outer.top - inner.top) / scale),
      bottom: Math.round((inner.bottom - outer.bottom) / scale),
    }
    return Object.fromEntries(Object.entries(by).filter(([, px]) => px > tolerance))
  }

  const amounts = by => Object.entries(by).map(([side, px]) => `${side} ${px}px`).join(', ')

  /**
   * Every visible thing on the slide outside the canvas, and every box that hides some of its
   * content (scrolled or overflow: hidden), in canvas px; and the slide's visible <h1>.
   */
  function inspect(no) {
    const slide = slideElement(no)
    const canvasElement = document.querySelector('#slide-content')
    if (!slide || !canvasElement)
      return { found: false, heading: null, problems: [] }
    const canvas = canvasElement.getBoundingClientRect()
    const scale = canvas.width / canvasElement.offsetWidth || 1
    const outside = new Map()
    const cutOff = new Map()

    function measure(rect, element, text, cuttable) {
      if (rect.right <= rect.left || rect.bottom <= rect.top)
        return
      // What every ancestor that clips (its client area) leaves of the box.
      const shown = rect.toJSON()
      for (let node = element; node && node !== slide; node = node.parentElement) {
        const style = getComputedStyle(node)
        if (!clips(style))
          continue
        const box = node.getBoundingClientRect()
        const area = new DOMRect(box.left + node.clientLeft * scale, box.top + node.clientTop * scale, node.clientWidth * scale, node.clientHeight * scale)
        const before = { ...shown }
        if (style.overflowX !== 'visible') {
          shown.left = Math.max(shown.left, area.left)
          shown.right = Math.min(shown.right, area.right)
        }
        if (style.overflowY !== 'visible') {
          shown.top = Math.max(shown.top, area.top)
          shown.bottom = Math.min(shown.bottom, area.bottom)
        }
        const cut = beyond(before, shown, scale)
        if (cuttable && Object.keys(cut).length) {
          const by = cutOff.get(node) ?? {}
          for (const [side, px] of Object.entries(cut))
            by[side] = Math.max(by[side] ?? 0, px)
          cutOff.set(node, by)
        }
      }
      if (shown.right <= shown.left || shown.bottom <= shown.top)
        return // hidden entirely inside a box: reported as cut off, not as outside
      const by = beyond(shown, canvas, scale)
      const key = `${describe(element)}|${text}`
      if (Object.keys(by).length && !outside.has(key))
        outside.set(key, { kind: 'outside the canvas', detail: `${describe(element)} "${snippet(text)}" sticks out by ${amounts(by)}` })
    }

    const hidden = new Set()
    for (const element of [slide].concat(Array.from(slide.querySelectorAll('*')))) {
      if (element.closest('svg') && element.tagName !== 'svg')
        continue // an SVG is measured as one picture
      const style = getComputedStyle(element)
      if (hidden.has(element.parentElement) || !visible(element) || (element !== slide && visuallyHidden(element, style))) {
        hidden.add(element)
        continue
      }
      if (element !== slide && paints(element, style))
        measure(element.getBoundingClientRect(), element, element.textContent, ['IMG', 'svg', 'CANVAS', 'VIDEO'].includes(element.tagName))
      // Text is measured by its own glyph boxes: an element can be narrower than its text.
      for (const child of element.childNodes) {
        if (child.nodeType !== Node.TEXT_NODE || !child.textContent.trim() || transparent(style.color))
          continue
        const range = document.createRange()
        range.selectNodeContents(child)
        measure(range.getBoundingClientRect(), element, child.textContent, true)
      }
    }
    const heading = Array.from(slide.querySelectorAll('h1')).find(h => visible(h) && h.textContent.trim())
    return {
      found: true,
      heading: snippet(heading?.textContent) || null,
      problems: Array.from(outside.values()).concat(Array.from(cutOff, ([node, by]) => ({
        kind: 'content cut off',
        detail: `${describe(node)} "${snippet(node.textContent)}" hides ${amounts(by)} of its content`,
      }))),
    }
  }

  /**
   * The settle rule: the slide alone is shown, its pictures are decoded, and nothing on the
   * page is still moving (slide transition, v-click fade, a diagram's CSS transition).
   * Endless animations do not count.
   */
  function settled(no) {
    const shown = Array.from(document.querySelectorAll('#slideshow [data-slidev-no]')).filter(el => el.checkVisibility())
    return shown.length === 1 && shown[0].dataset.slidevNo === String(no)
      && !document.querySelector('#slideshow [class*="-leave-active"], #slideshow [class*="-enter-active"]')
      && Array.from(shown[0].querySelectorAll('img')).every(img => img.complete)
      && document.getAnimations().every(animation => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity)
  }

  /** Slidev's own navigation state (what its "next" acts on), from the app's injected context. */
  const slidev = () => document.querySelector('#app')?.__vue_app__?._context.provides['$$slidev-context']

  function nav() {
    const state = slidev()?.nav
    return state && { no: state.currentSlideNo, clicks: state.clicks, total: state.clicksTotal }
  }

  function slides() {
    return (slidev()?.nav.slides ?? []).map(({ no, meta: { slide } }) => ({
      no,
      title: slide.title ?? '',
      frontmatter: slide.frontmatter ?? {},
      noteHtml: slide.noteHTML ?? '',
    }))
  }

  const seconds = list => Math.max(...list.split(',').map(value => Number.parseFloat(value) / ((value.trim().endsWith('ms') && 1000) || 1)))

  /**
   * What the slide's own styles declare (Slidev's click targets and code copy button aside:
   * their motion is Slidev's): `any` lists every element or pseudo-element with a transition
   * or animation duration; otherwise transitions of properties other than opacity and transform.
   */
  function declaredMotion(no, any) {
    const found = []
    for (const element of slideElement(no)?.querySelectorAll('*') ?? []) {
      if (element.matches('.slidev-vclick-target, .slidev-code-copy, .slidev-code-wrapper'))
        continue
      const style = getComputedStyle(element)
      if (any) {
        for (const pseudo of ['', '::before', '::after']) {
          const declared = getComputedStyle(element, pseudo || null)
          if (seconds(declared.transitionDuration) > 0 || (declared.animationName !== 'none' && seconds(declared.animationDuration) > 0))
            found.push(`CSS duration ${declared.transitionDuration} / ${declared.animationDuration} on ${describe(element)}${pseudo}`)
        }
        continue
      }
      const durations = style.transitionDuration.split(',').map(seconds)
      for (const [index, property] of style.transitionProperty.split(',').map(value => value.trim()).entries()) {
        if (durations[index % durations.length] > 0 && property !== 'opacity' && property !== 'transform')
          found.push(`${describe(element)} declares a transition of ${property}`)
      }
    }
    return found
  }

  /** Finite animations running now, for the reduced-motion pass. */
  const running = () => document.getAnimations()
    .filter(animation => animation.playState === 'running' && Number(animation.effect?.getComputedTiming().duration ?? 0) > 0)
    .map(animation => `${animation.constructor.name} ${animation.transitionProperty ?? animation.animationName ?? ''} on ${describe(animation.effect?.target ?? document.body)}`)

  /**
   * Drawings neither hidden from screen readers nor an image (an icon in a button or link is
   * named by it). axe's svg-img-alt checks that each image has a name.
   */
  const unnamedSvgs = no => Array.from(slideElement(no)?.querySelectorAll('svg:not([role="img"], [aria-hidden="true"], :is([aria-hidden="true"], button, a[href], svg) svg)') ?? [])
    .map(svg => svg.outerHTML.replace(/\s+/g, ' ').slice(0, 120))

  // Every CSS transition and animation that starts inside a slide, from page load on, with the
  // properties it animates; `takeMotion()` returns what started since the last call.
  const motion = []
  function recordMotion(event) {
    const slide = event.target instanceof Element && event.target.closest('#slide-content [data-slidev-no]')
    if (!slide)
      return
    const transition = event.type === 'transitionrun'
    const keyframes = () => event.target.getAnimations()
      .filter(animation => animation.animationName === event.animationName)
      .flatMap(animation => animation.effect.getKeyframes().flatMap(frame => Object.keys(frame)))
      .filter(key => !/^(?:offset|computedOffset|easing|composite)$/.test(key))
    motion.push({
      kind: transition
        ? 'transition'
        : `animation ${event.animationName}`,
      properties: transition
        ? [event.propertyName]
        : Array.from(new Set(keyframes())),
      slide: Number(slide.dataset.slidevNo),
      element: describe(event.target),
    })
  }
  addEventListener('transitionrun', recordMotion, true)
  addEventListener('animationstart', recordMotion, true)

  // ---- What the back of the room sees, at projector size (the canvas drawn 1920 px wide) ----

  /** rgb()/rgba() to [r, g, b, a] (channels 0..255, alpha 0..1). */
  function parseColor(value) {
    const match = /rgba?\(([^)]+)\)/.exec(value || '')
    const [r, g, b, a = 1] = (match?.[1] ?? '').split(/[\s,/]+/).filter(Boolean).map(Number)
    return match && [r, g, b, a]
  }

  const channel = c => c / 255 <= 0.04045
    ? c / 255 / 12.92
    : ((c / 255 + 0.055) / 1.055) ** 2.4
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
  const contrast = (a, b) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05)

  /** The opaque colour behind `element`: its backgrounds and its ancestors', over white. */
  function backgroundOf(element) {
    const layers = []
    for (let node = element; node && layers.at(-1)?.[3] !== 1; node = node.parentElement) {
      const own = !(node instanceof SVGElement) && parseColor(getComputedStyle(node).backgroundColor)
      if (own && own[3] > 0)
        layers.push(own)
    }
    // Composited from the back to the front.
    return layers.reverse().reduce((below, [r, g, b, a]) => [r, g, b].map((c, i) => c * a + below[i] * (1 - a)), [255, 255, 255])
  }

  /** How much the canvas is scaled at `element` (Slidev's `zoom`, a diagram's viewBox). */
  function scaleAt(element, canvasScale) {
    if (element instanceof SVGGraphicsElement) {
      const m = element.getScreenCTM()
      if (!m)
        return 1
      return Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) / canvasScale
    }
    if (!element.offsetWidth)
      return 1
    return element.getBoundingClientRect().width / element.offsetWidth / canvasScale
  }

  /** `label`: inside an SVG, <small>, <figcaption> or `data-label` (chart labels, file names, footers). */
  function roleOf(element) {
    if (element.closest('pre'))
      return 'block-code'
    if (element.closest('svg, small, figcaption, [data-label]'))
      return 'label'
    if (element.closest('h1, h2, h3, h4, h5, h6'))
      return 'heading'
    return (element.closest('code, kbd') && 'code') || 'body'
  }

  /**
   * The slide as the audience reads it: prose words (not code blocks), the smallest text and
   * the smallest body text, each code block's lines and type size, and every text below
   * `minContrast` against what is behind it after all opacities (dimmed code lines, SVG
   * text: axe skips both).
   */
  function stage(no, minContrast) {
    const slide = slideElement(no)
    const canvasElement = document.querySelector('#slide-content')
    if (!slide || !canvasElement)
      return { found: false }
    const canvasScale = canvasElement.getBoundingClientRect().width / canvasElement.offsetWidth || 1
    const toProjector = 1920 / canvasElement.offsetWidth
    const px = element => Number.parseFloat(getComputedStyle(element).fontSize) * scaleAt(element, canvasScale) * toProjector
    const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits
    const found = {
      found: true,
      words: 0,
      prose: [],
      smallest: null,
      smallestBody: null,
      codeBlocks: [],
      lowContrast: new Map(),
    }
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.replace(/\s+/g, ' ').trim()
      const element = node.parentElement
      if (!text || !element || !visible(element))
        continue
      let hiddenAbove = false
      for (let above = element; above && above !== slide && !hiddenAbove; above = above.parentElement)
        hiddenAbove = visuallyHidden(above)
      if (hiddenAbove)
        continue
      const style = getComputedStyle(element)
      const size = px(element)
      const entry = {
        px: round(size),
        text: snippet(text),
        element: describe(element),
        role: roleOf(element),
      }
      if (!found.smallest || size < found.smallest.px)
        found.smallest = entry
      if (entry.role === 'body' && (!found.smallestBody || size < found.smallestBody.px))
        found.smallestBody = entry
      if (entry.role !== 'block-code') {
        found.words += text.split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word)).length
        found.prose.push(text)
      }
      const svg = element instanceof SVGElement
      const fg = parseColor(svg ? style.fill : style.color)
      if (!fg)
        continue
      const bg = backgroundOf((svg && element.closest('svg').parentElement) || element)
      let alpha = fg[3]
      if (svg)
        alpha *= Number(style.fillOpacity)
      for (let above = element; above && above !== slide.parentElement; above = above.parentElement)
        alpha *= Number(getComputedStyle(above).opacity)
      const ratio = contrast([0, 1, 2].map(i => fg[i] * alpha + bg[i] * (1 - alpha)), bg)
      const key = describe(element) + text
      if (ratio < minContrast && !found.lowContrast.has(key)) {
        found.lowContrast.set(key, {
          ratio: round(ratio, 2),
          text: entry.text,
          element: entry.element,
        })
      }
    }
    found.codeBlocks = Array.from(slide.querySelectorAll('pre')).filter(visible).map(pre => ({
      lines: pre.querySelectorAll('.line').length || pre.textContent.replace(/\n$/, '').split('\n').length,
      px: round(px(pre.querySelector('code') ?? pre)),
      first: snippet(pre.textContent.split('\n').find(line => line.trim()) ?? ''),
    }))
    return {
      ...found,
      prose: found.prose.join(' '),
      lowContrast: Array.from(found.lowContrast.values()).sort((a, b) => a.ratio - b.ratio).slice(0, 10),
    }
  }

  // For the benchmarks: long tasks (the Long Tasks API: over 50 ms) from page load on, and
  // frame intervals (requestAnimationFrame; the first frame only starts the clock).
  const longTasks = []
  new PerformanceObserver(list => longTasks.push(...list.getEntries().map(entry => entry.duration))).observe({ type: 'longtask' })
  let frames
  function sampleFrames() {
    const run = frames = { last: 0, intervals: [] }
    requestAnimationFrame(function tick(now) {
      if (frames !== run)
        return
      if (run.last)
        run.intervals.push(now - run.last)
      run.last = now
      requestAnimationFrame(tick)
    })
  }
  function takeFrames() {
    const intervals = frames?.intervals ?? []
    frames = undefined
    return intervals
  }

  window.__deckInspector = {
    inspect,
    settled,
    nav,
    slides,
    declaredMotion,
    running,
    unnamedSvgs,
    takeMotion: () => motion.splice(0),
    stage,
    sampleFrames,
    takeLongTasks: () => longTasks.splice(0),
    takeFrames,
  }
})()

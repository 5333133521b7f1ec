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
   * True when the slide is the only one shown and nothing on the page is still moving
   * (slide transition, v-click fade, a diagram's CSS transition). Endless animations do not count.
   */
  function settled(no) {
    const shown = [
      ...document.querySelectorAll('#slideshow [data-slidev-no]'),
    ].filter(el => el.checkVisibility())
    if (shown.length !== 1 || String(shown[0].dataset.slidevNo) !== String(no))
      return false
    if (document.querySelector('#slideshow [class*="-leave-active"], #slideshow [class*="-enter-active"]'))
      return false
    return document.getAnimations().every((animation) => {
      const iterations = animation.effect?.getTiming().iterations
      return animation.playState !== 'running' || iterations === Infinity
    })
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

  window.__deckInspector = { inspect, settled, takeMotion }
})()

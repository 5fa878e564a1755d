// "Listen to this page": reads the text of <main> aloud with the browser's own speech synthesis.
//
// Progressive enhancement: layout.html renders the button with the `hidden` attribute, and it is
// only shown here when the browser has window.speechSynthesis and SpeechSynthesisUtterance.
// Without JavaScript, or without speech synthesis, it stays hidden and nothing else changes.
// Its two labels come from the template (data-label-listen, data-label-stop), so they are
// translated like every other word on the page. Pressing it again stops the reading.

const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'select', 'datalist', 'svg', 'img'])

// Chrome stops reading long utterances part way through: read a paragraph (or a few
// sentences) at a time instead. Speech engines pause between them, which helps listeners too.
const MAX_CHUNK = 220

// The text of `root` as a reader hears it, in parts of one block and one language each:
// what is displayed, plus text that is only visually hidden (GOV.UK's "Error:" prefixes), without
// what is aria-hidden (decorative faces, icons). A part's language is its nearest lang attribute,
// so words still in English on an Arabic page (marked lang="en") are read with an English voice.
export function readableParts (root, pageLang = document.documentElement.lang || '') {
  const parts = []
  let current = null
  const flush = () => {
    if (current) {
      const text = current.text.replace(/\s+/g, ' ').trim()
      if (text) parts.push({ text, lang: current.lang })
    }
    current = null
  }
  const add = (text, lang) => {
    if (current && current.lang !== lang) {
      if (!text.trim()) return
      flush()
    }
    if (!current) current = { text: '', lang }
    current.text += text
  }
  const visit = (node, lang) => {
    if (node.nodeType === Node.TEXT_NODE) {
      add(node.data, lang)
      return
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return
    if (node.hidden || node.getAttribute('aria-hidden') === 'true' || SKIPPED.has(node.localName)) return
    const style = window.getComputedStyle(node)
    if (style.display === 'none') return
    const own = node.getAttribute('lang')
    const here = own || lang
    const block = !style.display.startsWith('inline') && style.display !== 'contents'
    if (block) flush()
    for (const child of node.childNodes) visit(child, here)
    if (block) flush()
  }
  const inherited = root.closest('[lang]')
  visit(root, (inherited && inherited.getAttribute('lang')) || pageLang)
  flush()
  return parts
}

// All the text as one string, a part to a line.
export function readableText (root) {
  return readableParts(root).map((part) => part.text).join('\n')
}

// Lines, with long ones split after full stops (and Arabic/Urdu question marks and full stops).
export function chunks (text) {
  const out = []
  for (const line of text.split('\n')) {
    if (line.length <= MAX_CHUNK) {
      if (line) out.push(line)
      continue
    }
    let current = ''
    for (const sentence of line.split(/(?<=[.!?؟۔])\s+/)) {
      if (current && (current + ' ' + sentence).length > MAX_CHUNK) {
        out.push(current)
        current = sentence
      } else {
        current = current ? current + ' ' + sentence : sentence
      }
    }
    if (current) out.push(current)
  }
  return out
}

// A voice for `lang` ("ar", "en-GB"...): the exact language first, then any of its regions.
export function voiceFor (voices, lang) {
  if (!lang || !voices || !voices.length) return null
  const wanted = lang.toLowerCase().replace('_', '-')
  const primary = wanted.split('-')[0]
  const langOf = (voice) => (voice.lang || '').toLowerCase().replace('_', '-')
  return voices.find((voice) => langOf(voice) === wanted) ||
    voices.find((voice) => langOf(voice).split('-')[0] === primary && voice.localService) ||
    voices.find((voice) => langOf(voice).split('-')[0] === primary) ||
    null
}

export function initListen (scope = document) {
  const button = scope.querySelector('[data-ep-listen]')
  if (!button) return
  const synth = window.speechSynthesis
  if (!synth || typeof synth.speak !== 'function' || typeof window.SpeechSynthesisUtterance !== 'function') return

  const labels = {
    listen: button.getAttribute('data-label-listen') || button.textContent.trim(),
    stop: button.getAttribute('data-label-stop') || button.textContent.trim()
  }
  let reading = null // the utterances of the current reading, or null

  const show = (speaking) => {
    button.textContent = speaking ? labels.stop : labels.listen
  }

  const stop = () => {
    reading = null
    synth.cancel()
    show(false)
  }

  const start = () => {
    const main = document.querySelector('main') || document.body
    const pageLang = document.documentElement.lang || ''
    const voices = synth.getVoices ? synth.getVoices() : []
    const utterances = []
    for (const part of readableParts(main, pageLang)) {
      const lang = part.lang || pageLang
      const voice = voiceFor(voices, lang)
      for (const text of chunks(part.text)) {
        const utterance = new window.SpeechSynthesisUtterance(text)
        utterance.lang = lang
        if (voice) utterance.voice = voice
        utterances.push(utterance)
      }
    }
    if (!utterances.length) return
    synth.cancel() // anything still queued, from this page or another
    reading = utterances
    const last = utterances[utterances.length - 1]
    const done = () => {
      if (reading === utterances) {
        reading = null
        show(false)
      }
    }
    last.addEventListener('end', done)
    // An engine that cannot speak (no voice at all) fails each utterance: stop at the first.
    for (const utterance of utterances) {
      utterance.addEventListener('error', (event) => {
        if (event.error !== 'interrupted' && event.error !== 'canceled') synth.cancel()
        done()
      })
    }
    show(true)
    for (const utterance of utterances) synth.speak(utterance)
  }

  button.addEventListener('click', () => (reading ? stop() : start()))
  // Leaving the page (or putting it in the back/forward cache) stops the reading.
  window.addEventListener('pagehide', () => { if (reading) stop() })
  show(false)
  button.hidden = false
}

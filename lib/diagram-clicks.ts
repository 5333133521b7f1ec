import resultsFile from '../data/etl/results.json'
import { etlClicks, parseEtlResults } from './etl/results'
import { gilClicks } from './gil/layout'
import { memoryStories } from './memory/stories'
import { memoryClicks } from './memory/story'
import { defaultStages, pipelineClicks } from './pipeline/stages'

// The clicks a slide's click-stepped diagrams (`:step="$clicks"`) register with Slidev
// (lib/shared/clicks.ts), read from the slide's markdown and the diagrams' own data with the
// functions the components use. Scripts and unit tests get each slide's clicks without a
// browser, and no slide declares `clicks:` by hand; the e2e walk checks the built deck agrees.

const counters: Record<string, (attributes: string) => number> = {
  MemoryDiagram: (attributes) => {
    const id = /\bstory="([^"]+)"/.exec(attributes)?.[1]
    const story = id === undefined
      ? undefined
      : memoryStories[id]
    if (!story)
      throw new Error(`no registered story named by ${attributes.trim()}`)
    return memoryClicks(story)
  },
  PipelineDiagram: () => pipelineClicks(defaultStages),
  EtlResultsChart: recordedEtlClicks,
  EtlLiveRun: recordedEtlClicks,
  GilTimeline: (attributes) => {
    const list = /:traces="\[([^\]]*)\]"/.exec(attributes)?.[1]
    if (list === undefined)
      throw new Error('the traces must be an array literal, e.g. :traces="[cpuThreads, ioThreads]"')
    return gilClicks(list.split(',').filter(name => name.trim()).length)
  },
}

function recordedEtlClicks(): number {
  const parsed = parseEtlResults(resultsFile)
  if (!parsed.ok)
    throw new Error(parsed.issues.join('\n'))
  return etlClicks(parsed.value)
}

/** The largest click count any stepped diagram in `content` registers (0 without one). */
export function diagramClicks(content: string): number {
  let clicks = 0
  for (const [tag, name, attributes] of content.matchAll(/<([A-Z]\w*)\b([^>]*)>/g)) {
    const count = counters[name!]
    if (!count || !/:step="\$clicks"/.test(attributes!))
      continue
    if (/\s:(?:stages|results|story)=/.test(attributes!))
      throw new Error(`${tag}: data bound with ":" cannot be counted from the slide's source; name it instead`)
    try {
      clicks = Math.max(clicks, count(attributes!))
    }
    catch (error) {
      throw new Error(`${tag}: cannot count its clicks: ${(error as Error).message}`)
    }
  }
  return clicks
}

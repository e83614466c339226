import { render } from 'preact';
import { ComposeFrame } from '../../src/ui/compose/ComposeFrame';
import '../../src/ui/base.css';
import '../../src/ui/frames/frames.css';
import '../../src/ui/compose/compose.css';

render(<ComposeFrame />, document.getElementById('app')!);

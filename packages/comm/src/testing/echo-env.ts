/** How the transport contract tells its echo child which transport module makes the child's end. */
export const TRANSPORT_UNDER_TEST = 'LITEYUKI_COMM_TRANSPORT_UNDER_TEST'
